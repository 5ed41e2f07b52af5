package secrets_test

import (
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

func TestCheckRules(t *testing.T) {
	cases := map[string]struct {
		rules secrets.Rules
		ok    bool
	}{
		"days":             {secrets.Rules{AfterDays: 30}, true},
		"days_and_window":  {secrets.Rules{AfterDays: 1, Duration: "3h"}, true},
		"days_zero":        {secrets.Rules{}, false},
		"days_over":        {secrets.Rules{AfterDays: 1001}, false},
		"both":             {secrets.Rules{AfterDays: 2, Expression: "rate(2 days)"}, false},
		"rate_days":        {secrets.Rules{Expression: "rate(10 days)"}, true},
		"rate_hours":       {secrets.Rules{Expression: "rate(4 hours)"}, true},
		"rate_too_often":   {secrets.Rules{Expression: "rate(3 hours)"}, false},
		"rate_minutes":     {secrets.Rules{Expression: "rate(30 minutes)"}, false},
		"cron":             {secrets.Rules{Expression: "cron(0 16 1,15 * ? *)"}, true},
		"cron_names":       {secrets.Rules{Expression: "cron(0 8 ? JAN-JUN MON#1 2026-2030)"}, true},
		"cron_last":        {secrets.Rules{Expression: "cron(30 2 L * ? *)"}, true},
		"cron_both_days":   {secrets.Rules{Expression: "cron(0 0 1 * MON *)"}, false},
		"cron_five_fields": {secrets.Rules{Expression: "cron(0 0 * * ?)"}, false},
		"cron_range":       {secrets.Rules{Expression: "cron(61 0 * * ? *)"}, false},
		"duration_long":    {secrets.Rules{AfterDays: 1, Duration: "25h"}, false},
		"duration_form":    {secrets.Rules{AfterDays: 1, Duration: "3"}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := secrets.CheckRules(&tc.rules)
			if tc.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.ok && arca.ErrorCode(err) != arca.EInvalid {
				t.Fatalf("error = %v, want EInvalid", err)
			}
		})
	}
}

func TestNextRotation(t *testing.T) {
	from := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC) // a Saturday
	cases := map[string]struct {
		rules secrets.Rules
		want  time.Time
	}{
		"days":        {secrets.Rules{AfterDays: 1}, time.Date(2025, 3, 2, 23, 59, 59, 0, time.UTC)},
		"days_window": {secrets.Rules{AfterDays: 1, Duration: "2h"}, time.Date(2025, 3, 2, 1, 59, 59, 0, time.UTC)},
		"rate_days":   {secrets.Rules{Expression: "rate(10 days)"}, time.Date(2025, 3, 11, 23, 59, 59, 0, time.UTC)},
		"rate_hours":  {secrets.Rules{Expression: "rate(6 hours)"}, time.Date(2025, 3, 1, 18, 59, 59, 0, time.UTC)},
		"cron_today":  {secrets.Rules{Expression: "cron(0 16 1,15 * ? *)"}, time.Date(2025, 3, 1, 23, 59, 59, 0, time.UTC)},
		"cron_day":    {secrets.Rules{Expression: "cron(0 10 1,15 * ? *)"}, time.Date(2025, 3, 15, 23, 59, 59, 0, time.UTC)},
		"cron_window": {secrets.Rules{Expression: "cron(0 13 * * ? *)", Duration: "3h"}, time.Date(2025, 3, 1, 15, 59, 59, 0, time.UTC)},
		"cron_nth":    {secrets.Rules{Expression: "cron(0 4 ? * MON#2 *)"}, time.Date(2025, 3, 10, 23, 59, 59, 0, time.UTC)},
		"cron_lastdw": {secrets.Rules{Expression: "cron(0 4 ? * 6L *)"}, time.Date(2025, 3, 28, 23, 59, 59, 0, time.UTC)},
		"cron_last":   {secrets.Rules{Expression: "cron(0 0 L 2 ? *)"}, time.Date(2026, 2, 28, 23, 59, 59, 0, time.UTC)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := secrets.NextRotation(&tc.rules, from); !got.Equal(tc.want) {
				t.Fatalf("NextRotation = %v, want %v", got, tc.want)
			}
		})
	}
}
