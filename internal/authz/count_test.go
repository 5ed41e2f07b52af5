package authz_test

import "testing"

// TestTableCases keeps the table tests at 500 cases or more.
func TestTableCases(t *testing.T) {
	counts := map[string]int{
		"conditionCases": len(conditionCases),
		"parseCases":     len(parseCases),
		"matchCases":     len(matchCases),
		"notCases":       len(notCases),
		"variableCases":  len(variableCases),
		"evalCases":      len(evalCases),
		"runbookCases":   len(runbookCases),
		"awsDocCases":    len(awsDocCases),
		"roundTripDocs":  len(roundTripDocs),
		"keyCases":       len(keyCases),
	}
	total := 0
	for name, n := range counts {
		t.Logf("%s: %d", name, n)
		total += n
	}
	t.Logf("total: %d", total)
	if total < 500 {
		t.Errorf("%d table cases, want at least 500", total)
	}
}
