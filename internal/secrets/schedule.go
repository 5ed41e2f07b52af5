package secrets

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/arca-vault/arca"
)

var (
	ratePattern     = regexp.MustCompile(`^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$`)
	durationPattern = regexp.MustCompile(`^(\d+)h$`)
)

// CheckRules validates a rotation schedule: AutomaticallyAfterDays 1..1000
// or a ScheduleExpression — rate(N hours) with N 4..23, rate(N days) with N
// 1..1000, or a six-field cron() expression — but not both; and a Duration
// of 1h to 24h. Errors: EInvalid.
func CheckRules(r *Rules) error {
	switch {
	case r.AfterDays != 0 && r.Expression != "":
		return arca.Errorf(arca.EInvalid, "You can't specify both AutomaticallyAfterDays and ScheduleExpression in RotationRules.")
	case r.AfterDays == 0 && r.Expression == "":
		return arca.Errorf(arca.EInvalid, "RotationRules must contain AutomaticallyAfterDays or ScheduleExpression.")
	case r.Expression == "" && (r.AfterDays < 1 || r.AfterDays > 1000):
		return arca.Errorf(arca.EInvalid, "RotationRules.AutomaticallyAfterDays must be within 1-1000.")
	}
	if r.Expression != "" {
		if _, err := parseSchedule(r.Expression); err != nil {
			return err
		}
	}
	if r.Duration != "" {
		if _, err := windowOf(r.Duration); err != nil {
			return err
		}
	}
	return nil
}

// schedule is a parsed ScheduleExpression.
type schedule struct {
	every time.Duration // rate(): the interval
	cron  *cronExpr     // cron()
}

func parseSchedule(expr string) (*schedule, error) {
	if m := ratePattern.FindStringSubmatch(expr); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "hour") {
			if n < 4 || n > 23 {
				return nil, arca.Errorf(arca.EInvalid, "A rate() in hours must be between 4 and 23 hours: use days for longer intervals.")
			}
			return &schedule{every: time.Duration(n) * time.Hour}, nil
		}
		if n < 1 || n > 1000 {
			return nil, arca.Errorf(arca.EInvalid, "A rate() in days must be between 1 and 1000 days.")
		}
		return &schedule{every: time.Duration(n) * 24 * time.Hour}, nil
	}
	if strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")") {
		c, err := parseCron(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")"))
		if err != nil {
			return nil, err
		}
		return &schedule{cron: c}, nil
	}
	return nil, arca.Errorf(arca.EInvalid, "Invalid ScheduleExpression %q: use rate(N hours), rate(N days) or cron(minutes hours day-of-month month day-of-week year).", expr)
}

func windowOf(d string) (time.Duration, error) {
	m := durationPattern.FindStringSubmatch(d)
	if m == nil {
		return 0, arca.Errorf(arca.EInvalid, "Invalid Duration %q: use a number of hours such as 3h.", d)
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 || n > 24 {
		return 0, arca.Errorf(arca.EInvalid, "The rotation window Duration must be between 1h and 24h.")
	}
	return time.Duration(n) * time.Hour, nil
}

// NextRotation returns the end of the first rotation window after from: the
// latest time the next rotation is due, which AWS reports as
// NextRotationDate. AutomaticallyAfterDays and rate(N days) open a window at
// midnight UTC N days after from's day; rate(N hours) opens windows at
// midnight and every N hours after; cron() opens one at each match. A window
// lasts Duration, or else until the end of its UTC day (one hour for a rate
// in hours). Rules that do not parse give the zero time.
func NextRotation(r *Rules, from time.Time) time.Time {
	_, end := NextWindow(r, from)
	return end
}

// NextWindow returns the first rotation window after from (see
// NextRotation): its start, when arca's scheduler starts the rotation, and
// its end, the NextRotationDate. Rules that do not parse give zero times.
func NextWindow(r *Rules, from time.Time) (start, end time.Time) {
	from = from.UTC()
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	window, _ := windowOf(r.Duration)
	switch {
	case r.AfterDays > 0:
		start = day.AddDate(0, 0, int(r.AfterDays))
	default:
		sc, err := parseSchedule(r.Expression)
		if err != nil {
			return time.Time{}, time.Time{}
		}
		switch {
		case sc.cron != nil:
			if start = sc.cron.next(from); start.IsZero() {
				return time.Time{}, time.Time{}
			}
		case sc.every >= 24*time.Hour:
			start = day.Add(sc.every)
		default:
			start = day
			for !start.After(from) {
				start = start.Add(sc.every)
			}
			if window == 0 {
				window = time.Hour
			}
		}
	}
	if window == 0 {
		end := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
		window = end.Sub(start)
	}
	return start, start.Add(window - time.Second)
}
