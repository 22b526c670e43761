package synth

// Static reference data the generator draws from: geography, categories,
// supplier name parts and the commitment kinds that map onto the measures of
// both social value models. Everything here is fictional apart from the
// public NHS geography (region, ICS and trust names and codes).

const (
	regionCode = "Y63"
	regionName = "North East and Yorkshire"
)

type ics struct{ code, name string }

var icss = []ics{
	{"QHM", "North East and North Cumbria"},
	{"QWO", "West Yorkshire"},
	{"QF7", "South Yorkshire"},
	{"QOQ", "Humber and North Yorkshire"},
}

type trust struct {
	code, name, ics string
	area, college   string // local area and its further-education college, for delivery plans
}

var trusts = []trust{
	{"RTD", "The Newcastle upon Tyne Hospitals NHS Foundation Trust", "QHM", "Newcastle", "Newcastle College"},
	{"RR7", "Gateshead Health NHS Foundation Trust", "QHM", "Gateshead", "Gateshead College"},
	{"R0B", "South Tyneside and Sunderland NHS Foundation Trust", "QHM", "Sunderland", "Sunderland College"},
	{"RTF", "Northumbria Healthcare NHS Foundation Trust", "QHM", "North Tyneside", "Tyne Coast College"},
	{"RXP", "County Durham and Darlington NHS Foundation Trust", "QHM", "County Durham", "New College Durham"},
	{"RTR", "South Tees Hospitals NHS Foundation Trust", "QHM", "Middlesbrough", "Middlesbrough College"},
	{"RVW", "North Tees and Hartlepool NHS Foundation Trust", "QHM", "Stockton-on-Tees", "Stockton Riverside College"},
	{"RR8", "Leeds Teaching Hospitals NHS Trust", "QWO", "Leeds", "Leeds College of Building"},
	{"RAE", "Bradford Teaching Hospitals NHS Foundation Trust", "QWO", "Bradford", "Bradford College"},
	{"RWY", "Calderdale and Huddersfield NHS Foundation Trust", "QWO", "Kirklees", "Kirklees College"},
	{"RXF", "Mid Yorkshire Teaching NHS Trust", "QWO", "Wakefield", "Wakefield College"},
	{"RCF", "Airedale NHS Foundation Trust", "QWO", "Keighley", "Keighley College"},
	{"RGD", "Leeds and York Partnership NHS Foundation Trust", "QWO", "Leeds", "Leeds City College"},
	{"RHQ", "Sheffield Teaching Hospitals NHS Foundation Trust", "QF7", "Sheffield", "The Sheffield College"},
	{"RFR", "The Rotherham NHS Foundation Trust", "QF7", "Rotherham", "Rotherham College"},
	{"RP5", "Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust", "QF7", "Doncaster", "Doncaster College"},
	{"RFF", "Barnsley Hospital NHS Foundation Trust", "QF7", "Barnsley", "Barnsley College"},
	{"RCU", "Sheffield Children's NHS Foundation Trust", "QF7", "Sheffield", "The Sheffield College"},
	{"RWA", "Hull University Teaching Hospitals NHS Trust", "QOQ", "Hull", "Hull College"},
	{"RCB", "York and Scarborough Teaching Hospitals NHS Foundation Trust", "QOQ", "York", "York College"},
	{"RJL", "Northern Lincolnshire and Goole NHS Foundation Trust", "QOQ", "North East Lincolnshire", "Grimsby Institute"},
	{"RCD", "Harrogate and District NHS Foundation Trust", "QOQ", "Harrogate", "Harrogate College"},
}

// category describes a procurement category: how it is titled, how suppliers
// in it are named, and which commitment kinds fit it (weights in parallel).
type category struct {
	name    string
	titles  []string
	nouns   []string // supplier name middle parts
	suffix  []string // supplier name endings
	kinds   []string
	weights []int
}

var categories = []category{
	{"catering", []string{"Inpatient catering services", "Staff restaurant and retail catering", "Cook-freeze patient meals supply"},
		[]string{"Fresh", "Larder", "Kitchen", "Harvest", "Table"}, []string{"Catering Ltd", "Foods Ltd", "Hospitality Ltd"},
		[]string{"smeSpend", "waste", "rlw", "localJobs", "apprentices", "ghg", "vcseSpend"}, []int{5, 5, 4, 3, 2, 2, 2}},
	{"estates and facilities management", []string{"Hard FM and planned maintenance", "Soft FM: cleaning and portering", "Grounds maintenance"},
		[]string{"Estates", "Facilities", "Property", "Site"}, []string{"Services Ltd", "FM Ltd", "Group Ltd"},
		[]string{"localJobs", "apprentices", "rlw", "barrierJobs", "waste", "smeSpend", "wellbeing"}, []int{5, 4, 4, 3, 2, 2, 2}},
	{"pharmacy", []string{"Outpatient pharmacy services", "Aseptic compounding services", "Homecare medicines delivery"},
		[]string{"Pharma", "Medicines", "Dispensing", "Health"}, []string{"Ltd", "Services Ltd", "UK Ltd"},
		[]string{"smeSpend", "promptPay", "ghg", "slavery", "training", "supplyCRP", "renewable"}, []int{4, 4, 3, 3, 2, 2, 2}},
	{"digital and IT", []string{"Electronic patient record support", "Cyber security managed service", "End-user device refresh", "Data platform development"},
		[]string{"Digital", "Data", "Cloud", "Systems", "Tech"}, []string{"Ltd", "Solutions Ltd", "Consulting Ltd"},
		[]string{"training", "smeSpend", "innovation", "cyber", "careers", "apprentices", "placements"}, []int{5, 4, 3, 3, 3, 2, 2}},
	{"agency staffing", []string{"Nursing agency staff", "Medical locum supply", "Admin and clerical temporary staff"},
		[]string{"Staffing", "Recruitment", "Workforce", "People"}, []string{"Ltd", "Solutions Ltd", "Partners Ltd"},
		[]string{"rlw", "progression", "backToWork", "underrep", "wellbeing", "barrierJobs", "slavery"}, []int{5, 4, 3, 3, 3, 2, 2}},
	{"construction", []string{"Emergency department extension", "Theatre refurbishment", "Multi-storey car park", "Community diagnostic centre build"},
		[]string{"Construction", "Build", "Contracting", "Civils"}, []string{"Ltd", "Group Ltd", "and Sons Ltd"},
		[]string{"apprentices", "localJobs", "waste", "smeSpend", "barrierJobs", "placements", "careers", "ghg"}, []int{6, 5, 5, 3, 2, 2, 2, 2}},
	{"medical equipment", []string{"Imaging equipment managed service", "Infusion pumps and consumables", "Patient monitoring systems"},
		[]string{"Medical", "MedTech", "Clinical", "Diagnostics"}, []string{"Ltd", "UK Ltd", "Systems Ltd"},
		[]string{"slavery", "ghg", "supplyCRP", "renewable", "innovation", "smeSpend", "promptPay"}, []int{4, 4, 3, 3, 2, 2, 2}},
	{"waste management", []string{"Clinical waste collection and disposal", "Domestic and recycling waste", "Confidential waste shredding"},
		[]string{"Waste", "Recycling", "Environmental", "Resource"}, []string{"Services Ltd", "Ltd", "Management Ltd"},
		[]string{"waste", "ghg", "localJobs", "rlw", "renewable", "volunteering"}, []int{6, 5, 3, 3, 2, 2}},
	{"laundry and linen", []string{"Linen hire and laundry", "Theatre textiles service", "Staff uniform laundry"},
		[]string{"Linen", "Laundry", "Textile", "Launderette"}, []string{"Services Ltd", "Ltd", "Group Ltd"},
		[]string{"ghg", "renewable", "rlw", "localJobs", "barrierJobs", "waste"}, []int{5, 4, 4, 3, 2, 2}},
	{"patient transport", []string{"Non-emergency patient transport", "Renal patient transport", "Courier and pathology transport"},
		[]string{"Transport", "Ambulance", "Travel", "Logistics"}, []string{"Ltd", "Services Ltd", "CIC"},
		[]string{"ghg", "localJobs", "rlw", "volunteering", "wellbeing", "underrep"}, []int{5, 4, 4, 3, 2, 2}},
}

// Place-like first words for supplier names.
var supplierPlaces = []string{
	"Pennine", "Northern", "Wolds", "Dales", "Tyne", "Wear", "Tees", "Humber", "Aire", "Calder",
	"Don", "Ouse", "Moorland", "Cleveland", "Ridings", "Holme", "Swale", "Nidd", "Wharfe", "Derwent",
	"Cheviot", "Kielder", "Whitby", "Bronte", "Castle", "Minster", "Abbey", "Fountains", "Heritage", "Keel",
	"Coble", "Beacon", "Crown", "Albion", "Sterling", "Meridian", "Northgate", "Riverside", "Lakeland", "Vale",
}

// measure is the subset of the taxonomy the generator needs.
type measure struct {
	unit string
	agg  string // "sum" | "latest"
}

var measures = map[string]measure{
	"SVM20.1.2": {"count", "sum"}, "SVM20.2.1": {"FTE", "sum"}, "SVM20.2.2": {"count", "sum"},
	"SVM20.2.3": {"FTE", "sum"}, "SVM20.2.4": {"hours", "sum"}, "SVM20.3.1": {"GBP", "sum"},
	"SVM20.3.2": {"GBP", "sum"}, "SVM20.3.3": {"pct", "latest"}, "SVM20.3.4": {"pct", "latest"},
	"SVM20.4.1": {"tCO2e", "sum"}, "SVM20.4.3": {"pct", "latest"}, "SVM20.4.4": {"tonnes", "sum"},
	"SVM20.6.1": {"FTE", "sum"}, "SVM20.6.2": {"pct", "latest"}, "SVM20.6.3": {"hours", "sum"},
	"SVM20.6.4": {"pct", "latest"}, "SVM20.7.1": {"pct", "latest"}, "SVM20.7.2": {"hours", "sum"},
	"SVM20.8.1": {"hours", "sum"}, "SVM20.8.2": {"GBP", "sum"},
	"SVM25.1.1": {"FTE", "sum"}, "SVM25.1.2": {"count", "sum"}, "SVM25.1.3": {"pct", "latest"},
	"SVM25.1.4": {"hours", "sum"}, "SVM25.1.5": {"pct", "latest"}, "SVM25.2.1": {"hours", "sum"},
	"SVM25.2.2": {"count", "sum"}, "SVM25.2.3": {"hours", "sum"}, "SVM25.3.1": {"GBP", "sum"},
	"SVM25.3.2": {"GBP", "sum"}, "SVM25.3.3": {"pct", "latest"}, "SVM25.3.4": {"count", "sum"},
	"SVM25.4.1": {"tCO2e", "sum"}, "SVM25.4.2": {"tonnes", "sum"}, "SVM25.4.3": {"pct", "latest"},
	"SVM25.5.1": {"FTE", "sum"}, "SVM25.7.1": {"FTE", "sum"}, "SVM25.8.1": {"pct", "latest"},
	"SVM25.8.2": {"hours", "sum"},
}

// kind is one kind of commitment, expressed in both models. code20/code25 is
// empty where the model has no fitting measure. For sum measures lo..hi is the
// annual amount per £1m of annual contract value (with a floor of min per
// year); for pct measures lo..hi is the target range in percent. For GBP
// measures lo..hi is the share of annual contract value.
type kind struct {
	code20, code25 string
	lo, hi, min    float64
	plans          []string // {n} annual amount, {area}, {college}, {trust}
	evidence       []string
}

var kinds = map[string]kind{
	"apprentices": {"SVM20.2.2", "SVM25.1.2", 0.5, 2, 1, []string{
		"{n} apprentices a year recruited through {college} each September, each with a named site mentor; starts evidenced by ESFA start forms.",
		"{n} new apprenticeship starts per contract year for {area} residents, advertised through {college} and the local jobcentre.",
	}, []string{"Apprenticeship start forms", "ESFA ILR extract", ""}},
	"localJobs": {"SVM20.2.1", "SVM25.1.1", 1, 4, 1, []string{
		"{n} FTE new roles on the contract each year filled from {area} postcodes, advertised first with {area} jobcentres for two weeks.",
		"Recruit {n} FTE a year for the {trust} contract from within 10 miles of site; postcode report in each monthly return.",
	}, []string{"Payroll postcode report", "HR starter list", ""}},
	"barrierJobs": {"SVM20.2.3", "SVM25.5.1", 0.2, 0.8, 0.5, []string{
		"{n} FTE a year for prison and care leavers through our partnership with the {area} probation service and the leaving-care team.",
		"Ring-fenced entry-level vacancies ({n} FTE a year) offered to care leavers referred by {area} council.",
	}, []string{"Referral partner confirmation", "HR starter list", ""}},
	"training": {"SVM20.2.4", "SVM25.2.1", 100, 400, 80, []string{
		"{n} hours a year of accredited digital skills training for contract staff, delivered with {college}.",
		"Quarterly skills bootcamps at {college}: {n} training hours a year in data and cyber for staff on the contract.",
	}, []string{"Training attendance register", "LMS completion export", ""}},
	"progression": {"SVM20.6.3", "SVM25.1.4", 60, 250, 60, []string{
		"{n} hours a year of band-progression training for agency workers placed at {trust}, with a named career coach.",
	}, []string{"Training records", ""}},
	"smeSpend": {"SVM20.3.1", "SVM25.3.1", 0.05, 0.2, 0, []string{
		"Spend of £{n} a year with SMEs in {area} and the wider region, tracked in our supplier ledger and reported monthly.",
		"£{n} a year placed with local SME producers and subcontractors in {area}; supplier list shared with the trust each quarter.",
	}, []string{"Supplier spend ledger", "Purchase ledger extract", ""}},
	"vcseSpend": {"SVM20.3.2", "SVM25.3.2", 0.01, 0.04, 0, []string{
		"£{n} a year with VCSE organisations in {area}, including the {area} community food network.",
	}, []string{"VCSE invoices", ""}},
	"promptPay": {"SVM20.3.3", "SVM25.3.3", 90, 98, 0, []string{
		"At least {n}% of supply-chain invoices on this contract paid within 30 days, from our monthly AP ageing report.",
	}, []string{"AP ageing report", ""}},
	"cyber": {"SVM20.3.4", "", 70, 95, 0, []string{
		"{n}% of subcontractors holding Cyber Essentials Plus by the end of year one, checked at onboarding.",
	}, []string{"Certificate register", ""}},
	"ghg": {"SVM20.4.1", "SVM25.4.1", 3, 25, 2, []string{
		"Avoid {n} tCO2e a year by moving the {area} fleet to electric vans and routing optimisation.",
		"{n} tCO2e a year avoided through LED retrofit and heat-pump replacement on {trust} sites.",
	}, []string{"Fleet telematics report", "Carbon calculator output", ""}},
	"waste": {"SVM20.4.4", "SVM25.4.2", 10, 60, 5, []string{
		"Divert {n} tonnes a year from landfill via segregated recycling at site and a licensed {area} materials recovery facility.",
		"{n} tonnes a year of food and packaging waste diverted to anaerobic digestion in {area}.",
	}, []string{"Waste transfer notes", "MRF monthly statement", ""}},
	"supplyCRP": {"SVM20.4.3", "", 60, 90, 0, []string{
		"{n}% of tier-1 suppliers on the contract with a published Carbon Reduction Plan, reviewed at each quarterly meeting.",
	}, []string{"Supplier CRP register", ""}},
	"renewable": {"", "SVM25.4.3", 60, 100, 0, []string{
		"{n}% of energy used to deliver the contract from renewable sources via a certified green tariff (REGO-backed).",
	}, []string{"REGO certificates", "Energy supplier statement", ""}},
	"rlw": {"SVM20.6.2", "SVM25.1.3", 90, 100, 0, []string{
		"{n}% of staff on the contract paid at least the Real Living Wage from contract start; payroll check each month.",
	}, []string{"Payroll extract", ""}},
	"slavery": {"SVM20.6.4", "SVM25.1.5", 80, 100, 0, []string{
		"{n}% of tier-1 suppliers assessed for modern slavery risk using the NHS Supplier Roadmap questionnaire.",
	}, []string{"Supplier assessment log", ""}},
	"wellbeing": {"SVM20.7.1", "SVM25.8.1", 70, 100, 0, []string{
		"{n}% of contract staff enrolled in our employee assistance and mental health first aid programme.",
	}, []string{"EAP enrolment report", ""}},
	"volunteering": {"SVM20.8.1", "SVM25.8.2", 40, 200, 40, []string{
		"{n} staff volunteering hours a year with {area} community groups, two paid volunteering days per employee.",
	}, []string{"Volunteering log", ""}},
	"underrep": {"SVM20.6.1", "SVM25.7.1", 0.5, 2, 0.5, []string{
		"{n} FTE a year from under-represented groups recruited through {area} community employment partners.",
	}, []string{"HR diversity report", ""}},
	"backToWork": {"SVM20.1.2", "", 2, 6, 2, []string{
		"Support {n} people a year back into work through a six-week pre-employment programme with {area} jobcentre.",
	}, []string{"Programme completion list", ""}},
	"innovation": {"", "SVM25.3.4", 0.2, 1, 1, []string{
		"{n} research or innovation collaborations a year with {trust} clinical teams and a regional university.",
	}, []string{"Collaboration agreement", ""}},
	"careers": {"", "SVM25.2.3", 20, 80, 20, []string{
		"{n} hours a year of careers talks and site visits for {area} schools and {college}.",
	}, []string{"School visit log", ""}},
	"placements": {"", "SVM25.2.2", 1, 4, 2, []string{
		"{n} T Level and work placements a year for {college} students, each at least six weeks.",
	}, []string{"Placement agreements", ""}},
}

// kindsForUncommitted are reported by some suppliers without a commitment.
var uncommittedKinds = []string{"volunteering", "wellbeing", "underrep"}

var genericPlans = []string{
	"We always hire locally where possible.",
	"Committed to sustainability as appropriate.",
	"We are committed to supporting the local community where possible.",
	"As per our corporate social value policy.",
	"",
}

var returnNotes = []string{
	"Figure confirmed by contract manager.",
	"Includes late starts from previous month.",
	"Provisional, to be confirmed next month.",
	"Lower this month due to site closure over bank holiday.",
	"Data from payroll run 2, adjusted for leavers.",
	"Two sites reporting, third site to follow.\nWill be included in next return.",
}
