package secrets

import (
	"strconv"
	"strings"
	"time"

	"github.com/arca-vault/arca"
)

// cronExpr is a six-field cron expression as EventBridge and Secrets
// Manager write them: minutes hours day-of-month month day-of-week year, in
// UTC. Fields take *, ?, numbers, ranges a-b, lists and steps (*/n, a/n,
// a-b/n); months JAN-DEC and weekdays SUN-SAT (1 = Sunday) by name; L for
// the last day of the month; nL (last weekday n of the month) and n#k (k-th
// weekday n). One of day-of-month and day-of-week must be "?".
type cronExpr struct {
	minutes, hours, months, years []bool
	dom, dow                      []bool
	lastDOM                       bool
	lastDOW                       int // weekday 1..7 for "nL", else 0
	nthDOW, nth                   int // weekday and k for "n#k"
	anyDOM, anyDOW                bool
}

var (
	monthNames = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	dayNames   = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
)

func parseCron(s string) (*cronExpr, error) {
	f := strings.Fields(s)
	if len(f) != 6 {
		return nil, badCron("a cron() expression has six fields: minutes hours day-of-month month day-of-week year")
	}
	c := &cronExpr{}
	var err error
	if c.minutes, err = cronField(f[0], 0, 59, nil); err != nil {
		return nil, err
	}
	if c.hours, err = cronField(f[1], 0, 23, nil); err != nil {
		return nil, err
	}
	if c.months, err = cronField(f[3], 1, 12, monthNames); err != nil {
		return nil, err
	}
	if c.years, err = cronField(f[5], 1970, 2199, nil); err != nil {
		return nil, err
	}
	c.anyDOM, c.anyDOW = f[2] == "?", f[4] == "?"
	if c.anyDOM == c.anyDOW {
		return nil, badCron("exactly one of day-of-month and day-of-week must be ?")
	}
	switch {
	case c.anyDOM:
	case f[2] == "L":
		c.lastDOM = true
	default:
		if c.dom, err = cronField(f[2], 1, 31, nil); err != nil {
			return nil, err
		}
	}
	switch {
	case c.anyDOW:
	case strings.HasSuffix(f[4], "L") && len(f[4]) > 1:
		if c.lastDOW, err = cronNumber(strings.TrimSuffix(f[4], "L"), 1, 7, dayNames); err != nil {
			return nil, err
		}
	case strings.Contains(f[4], "#"):
		d, k, _ := strings.Cut(f[4], "#")
		if c.nthDOW, err = cronNumber(d, 1, 7, dayNames); err != nil {
			return nil, err
		}
		if c.nth, err = cronNumber(k, 1, 5, nil); err != nil {
			return nil, err
		}
	default:
		if c.dow, err = cronField(f[4], 1, 7, dayNames); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func badCron(msg string) error {
	return arca.Errorf(arca.EInvalid, "Invalid cron() ScheduleExpression: %s.", msg)
}

// cronField parses one field into a set indexed by value.
func cronField(s string, lo, hi int, names []string) ([]bool, error) {
	set := make([]bool, hi+1)
	for _, part := range strings.Split(s, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return nil, badCron("bad step " + strconv.Quote(part))
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			var err error
			if from, err = cronNumber(a, lo, hi, names); err != nil {
				return nil, err
			}
			if to, err = cronNumber(b, lo, hi, names); err != nil {
				return nil, err
			}
			if from > to {
				return nil, badCron("bad range " + strconv.Quote(rng))
			}
		default:
			n, err := cronNumber(rng, lo, hi, names)
			if err != nil {
				return nil, err
			}
			from = n
			if !hasStep {
				to = n
			}
		}
		for v := from; v <= to; v += step {
			set[v] = true
		}
	}
	return set, nil
}

func cronNumber(s string, lo, hi int, names []string) (int, error) {
	for i, n := range names {
		if strings.EqualFold(s, n) {
			return i + 1, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badCron(strconv.Quote(s) + " is out of range " + strconv.Itoa(lo) + "-" + strconv.Itoa(hi))
	}
	return n, nil
}

// next returns the first time after t (to the minute) that c matches, or
// the zero time when none does before 2200.
func (c *cronExpr) next(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Minute).Add(time.Minute)
	for day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC); day.Year() < 2200; day = day.AddDate(0, 0, 1) {
		if !c.dayMatches(day) {
			continue
		}
		for h := 0; h < 24; h++ {
			for m := 0; m < 60; m++ {
				at := day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
				if c.hours[h] && c.minutes[m] && !at.Before(t) {
					return at
				}
			}
		}
	}
	return time.Time{}
}

func (c *cronExpr) dayMatches(d time.Time) bool {
	if d.Year() >= len(c.years) || !c.years[d.Year()] || !c.months[int(d.Month())] {
		return false
	}
	last := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	wd := int(d.Weekday()) + 1 // 1 = Sunday
	switch {
	case c.lastDOM:
		return d.Day() == last
	case !c.anyDOM:
		return c.dom[d.Day()]
	case c.lastDOW > 0:
		return wd == c.lastDOW && d.Day()+7 > last
	case c.nth > 0:
		return wd == c.nthDOW && (d.Day()-1)/7+1 == c.nth
	}
	return c.dow[wd]
}
