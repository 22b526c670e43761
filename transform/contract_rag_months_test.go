package transform_test

import (
	"path/filepath"
	"testing"
	"time"
)

// contract_rag_months, worked by hand. Today is 20 October 2026, so the
// reporting month is September 2026 (the latest return) and monitoring
// starts in April (the first). One trust (T01, ICS I01, region R01);
// monthly commitments, so by September 6 of 12 months are expected.
//
//	K1 Alpha Ltd, Apr 26–Mar 27, three commitments:
//	   SVM25.1.2 12 apprentices (£1,000 each), 1 a month: Sep 6 of 6,
//	   green, £6,000 (Aug 5 of 5, £5,000);
//	   SVM25.1.4 120 hours (£10 each), 10 a month: green, £600 (Aug £500);
//	   SVM25.1.1 12 (£500 each), 0 a month: red, £0.
//	   Sep: green 2 (£6,000 + £600 = £6,600), red 1 (£0); Aug: green 2
//	   (£5,500), red 1 (£0).
//	K2 Beta Ltd, Apr–Jun 26, 3 apprentices, 1 a month: in June, its last
//	   month, 3 of 3, green, £3,000; ended, so no row in August or
//	   September.
//	K3 Gamma Ltd, Apr 26–Mar 27, apprentices with no target: grey; 2 in
//	   September: grey 1, £2,000.
func TestContractRAGMonths_CountsEachContractsColours(t *testing.T) {
	today := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "organisations.csv"), "trust_code,trust_name,ics_code,ics_name,region_code,region_name\nT01,Trust One,I01,ICS One,R01,Region One\n")
	writeFile(t, filepath.Join(dir, "contracts.csv"), `contract_ref,supplier_name,trust_code,value_gbp,start_date,end_date,sv_weighting_pct
K1,Alpha Ltd,T01,100000,2026-04-01,2027-03-31,10
K2,Beta Ltd,T01,100000,2026-04-01,2026-06-30,10
K3,Gamma Ltd,T01,100000,2026-04-01,2027-03-31,10
`)
	writeFile(t, filepath.Join(dir, "commitments.csv"), "contract_ref,measure_code,target\nK1,SVM25.1.2,12\nK1,SVM25.1.4,120\nK1,SVM25.1.1,12\nK2,SVM25.1.2,3\nK3,SVM25.1.2,\n")
	writeFile(t, filepath.Join(dir, "proxy_values.csv"), "measure_code,gbp_per_unit,source,year\nSVM25.1.2,1000,test proxies,2026\nSVM25.1.1,500,test proxies,2026\nSVM25.1.4,10,test proxies,2026\n")
	returns := "contract_ref,period,measure_code,value\n"
	for _, m := range []string{"2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"} {
		returns += "K1," + m + ",SVM25.1.2,1\nK1," + m + ",SVM25.1.4,10\nK1," + m + ",SVM25.1.1,0\n"
		if m <= "2026-06" {
			returns += "K2," + m + ",SVM25.1.2,1\n"
		}
	}
	returns += "K3,2026-09,SVM25.1.2,2\n"
	writeFile(t, filepath.Join(dir, "returns.csv"), returns)
	db := ingestFolder(t, dir, today)

	sameRows(t, "contract_rag_months", queryText(t, db, `
		select as_of, contract_ref, region_code, ics_code, trust_code, supplier_name, rag, commitments, social_value_gbp
		from contract_rag_months
		where as_of = date '2026-09-01' or (as_of = date '2026-08-01' and contract_ref <> 'K3')
			or (as_of = date '2026-06-01' and contract_ref = 'K2')
		order by as_of, contract_ref, rag`), [][]string{
		{"2026-06-01", "K2", "R01", "I01", "T01", "Beta Ltd", "green", "1", "3000"},
		{"2026-08-01", "K1", "R01", "I01", "T01", "Alpha Ltd", "green", "2", "5500"},
		{"2026-08-01", "K1", "R01", "I01", "T01", "Alpha Ltd", "red", "1", "0"},
		{"2026-09-01", "K1", "R01", "I01", "T01", "Alpha Ltd", "green", "2", "6600"},
		{"2026-09-01", "K1", "R01", "I01", "T01", "Alpha Ltd", "red", "1", "0"},
		{"2026-09-01", "K3", "R01", "I01", "T01", "Gamma Ltd", "grey", "1", "2000"},
	})
}
