"""The demo's invented parties, firms and counsel, and the real judges, agencies and statutes."""

from __future__ import annotations

import datetime as dt

# Nothing is dated after this day, so the demo reads the same whenever it is seeded.
LAST_DAY = dt.date(2026, 11, 20)

DEMO_PASSWORDS = {"admin": "openecf-demo-admin", "cit-clerk": "openecf-demo-clerk",
                  "cafc-clerk": "openecf-demo-clerk"}  # fmt: skip

# (name, initials, title); active judges first, then senior judges.
CIT_JUDGES = [
    ("Mark A. Barnett", "MAB", "Chief Judge"), ("Claire R. Kelly", "CRK", "Judge"),
    ("Gary S. Katzmann", "GSK", "Judge"), ("Jennifer Choe-Groves", "JCG", "Judge"),
    ("Timothy M. Reif", "TMR", "Judge"), ("M. Miller Baker", "MMB", "Judge"),
    ("Stephen Alexander Vaden", "SAV", "Judge"), ("Joseph A. Laroski, Jr.", "JAL", "Judge"),
    ("Lisa W. Wang", "LWW", "Judge"), ("Leo M. Gordon", "LMG", "Senior Judge"),
    ("Jane A. Restani", "JAR", "Senior Judge"), ("Richard K. Eaton", "RKE", "Senior Judge"),
    ("Timothy C. Stanceu", "TCS", "Senior Judge"), ("Thomas J. Aquilino, Jr.", "TJA", "Senior Judge"),
    ("Delissa A. Ridgway", "DAR", "Senior Judge"), ("Judith M. Barzilay", "JMB", "Senior Judge"),
]  # fmt: skip
CAFC_JUDGES = [
    ("Kimberly A. Moore", "KAM", "Chief Judge"), ("Pauline Newman", "PN", "Circuit Judge"),
    ("Alan D. Lourie", "ADL", "Circuit Judge"), ("Timothy B. Dyk", "TBD", "Circuit Judge"),
    ("Sharon Prost", "SP", "Circuit Judge"), ("Jimmie V. Reyna", "JVR", "Circuit Judge"),
    ("Richard G. Taranto", "RGT", "Circuit Judge"), ("Raymond T. Chen", "RTC", "Circuit Judge"),
    ("Todd M. Hughes", "TMH", "Circuit Judge"), ("Kara F. Stoll", "KFS", "Circuit Judge"),
    ("Tiffany P. Cunningham", "TPC", "Circuit Judge"), ("Leonard P. Stark", "LPS", "Circuit Judge"),
]  # fmt: skip

# Invented private firms: (firm, street, city line, phone prefix, e-mail domain, attorneys).
FIRMS = [
    ("Harrow Whitcombe LLP", "1750 K Street, NW, Suite 900", "Washington, DC 20006", "(202) 555-01",
     "harrowwhitcombe.com", ["Eleanor V. Harrow", "Marcus J. Whitcombe", "Priya Raman", "Daniel O. Sutter"]),
    ("Castellane & Moir LLP", "One Liberty Plaza, 31st Floor", "New York, NY 10006", "(212) 555-02",
     "castellanemoir.com", ["Lucia Castellane", "Robert A. Moir", "Hannah Kessler-Ward"]),
    ("Brightwater Trade Law PLLC", "1300 Connecticut Avenue, NW", "Washington, DC 20036",
     "(202) 555-03", "brightwatertrade.com", ["Samuel T. Brightwater", "Mei-Ling Cho", "Jonas Ebert"]),
    ("Okonkwo Feld & Partners LLP", "2001 Pennsylvania Avenue, NW", "Washington, DC 20006",
     "(202) 555-04", "okonkwofeld.com", ["Adaeze Okonkwo", "Nathan Feld", "Sofia Marchetti"]),
    ("Petrakis Lindqvist LLP", "600 13th Street, NW, 7th Floor", "Washington, DC 20005",
     "(202) 555-05", "petrakislindqvist.com", ["Helena Petrakis", "Erik Lindqvist", "Tomas Ruiz"]),
    ("Meridian Customs Counsel PC", "17 Battery Place, Suite 1120", "New York, NY 10004",
     "(212) 555-06", "meridiancustoms.com", ["Grace H. Albright", "Victor Nakamura", "Rosa Delgado"]),
    ("Arden Rook & Vale LLP", "355 South Grand Avenue", "Los Angeles, CA 90071", "(213) 555-07",
     "ardenrookvale.com", ["Caroline Arden", "Peter Rook", "Imani Vale"]),
    ("Sandoval Trade Group LLP", "1200 Smith Street, Suite 1600", "Houston, TX 77002",
     "(713) 555-08", "sandovaltrade.com", ["Miguel Sandoval", "Audrey Lin", "Benjamin Osei"]),
]  # fmt: skip
DOJ = ("U.S. Department of Justice", "Commercial Litigation Branch - Civil Division\nP.O. Box 480\n"
       "Ben Franklin Station\nWashington, DC 20044", "(202) 555-09", "usdoj.gov",
       ["Theresa M. Galvin", "Jonathan R. Oyelaran", "Kendra L. Whitfield", "Ahmad Sadeghi",
        "Margaret E. Dunleavy"])  # fmt: skip
DOJ_NY = ("U.S. Department of Justice", "International Trade Field Office\n26 Federal Plaza, Room 346\n"
          "New York, NY 10278", "(212) 555-10", "usdoj.gov",
          ["Beatrice N. Okafor", "Louis P. Carrington", "Dana Weissman"])  # fmt: skip
ITC = ("U.S. International Trade Commission", "Office of the General Counsel\n500 E Street, SW\n"
       "Washington, DC 20436", "(202) 555-11", "usitc.gov", ["Carl J. Meadows", "Renata Vogel"])  # fmt: skip

# (product, [(country, orders)], petitioner coalition); orders: AD, CVD or both.
PRODUCTS = [
    ("crystalline silicon photovoltaic cells", ["China", "Vietnam", "Thailand", "Cambodia"],
     "American Solar Manufacturing Alliance"),
    ("certain steel nails", ["Vietnam", "Oman", "Taiwan", "China"], "Mid Continent Fastener Coalition"),
    ("hardwood and decorative plywood", ["China", "Vietnam"], "Coalition for Fair Trade in Hardwood Plywood"),
    ("oil country tubular goods", ["Korea", "Argentina", "Mexico", "Russia"], "U.S. Tubular Producers Group"),
    ("circular welded carbon-quality steel pipe", ["Korea", "Turkey", "Oman"], "American Line Pipe Producers"),
    ("aluminum extrusions", ["China", "Indonesia", "Mexico"], "Aluminum Extrusions Fair Trade Committee"),
    ("wooden bedroom furniture", ["China"], "American Furniture Manufacturers Committee for Legal Trade"),
    ("raw honey", ["Argentina", "Brazil", "India", "Vietnam"], "American Honey Producers Coalition"),
    ("multilayered wood flooring", ["China"], "Coalition for American Hardwood Parity"),
    ("corrosion-resistant steel products", ["Korea", "Italy", "Taiwan", "India"], "Domestic Steel Producers"),
    ("frozen warmwater shrimp", ["India", "Vietnam", "Ecuador", "Indonesia"], "American Shrimp Processors"),
    ("utility scale wind towers", ["Canada", "Indonesia", "Korea", "Spain"], "Wind Tower Trade Coalition"),
    ("steel concrete reinforcing bar", ["Turkey", "Mexico"], "Rebar Trade Action Coalition"),
    ("chlorinated isocyanurates", ["China", "Japan"], "Chlorinated Isos Fair Trade Group"),
    ("mattresses", ["Cambodia", "Indonesia", "Thailand", "Serbia"], "American Mattress Producers"),
    ("tapered roller bearings", ["China"], "Bearing Industry Fair Trade Committee"),
    ("stainless steel sheet and strip", ["China", "Germany"], "Stainless Sheet Producers Coalition"),
    ("citric acid and certain citrate salts", ["China", "Thailand", "Colombia"], "Citric Acid Producers"),
]  # fmt: skip
PLACES = {
    "China": ["Ningbo", "Qingdao", "Jiangsu", "Zhejiang", "Foshan", "Tianjin", "Xiamen", "Changzhou"],
    "Vietnam": ["Hai Phong", "Binh Duong", "Dong Nai", "Long An"], "Thailand": ["Rayong", "Chonburi"],
    "Cambodia": ["Phnom Penh", "Sihanoukville"], "Oman": ["Sohar", "Muscat"], "Taiwan": ["Kaohsiung", "Taichung"],
    "Korea": ["Pohang", "Ulsan", "Incheon", "Busan"], "Argentina": ["Rosario", "Cordoba"],
    "Mexico": ["Monterrey", "Saltillo"], "Russia": ["Volzhsky", "Chelyabinsk"], "Turkey": ["Izmir", "Iskenderun"],
    "Indonesia": ["Surabaya", "Batam"], "Brazil": ["Parana", "Santa Catarina"], "India": ["Gujarat", "Chennai"],
    "Italy": ["Brescia", "Taranto"], "Ecuador": ["Guayaquil"], "Canada": ["Ontario", "Quebec"],
    "Spain": ["Asturias", "Bilbao"], "Japan": ["Osaka", "Chiba"], "Serbia": ["Novi Sad"],
    "Germany": ["Duisburg", "Krefeld"], "Colombia": ["Cali"],
}  # fmt: skip
TRADE_NAMES = ["Hengtai", "Jinrui", "Dongsheng", "Longfeng", "Xinyuan", "Baoyuan", "Kaiwei", "Sunrise",
               "Evergrand", "Pacific Crest", "Golden Bridge", "Orient Star", "Harvest Moon", "Silverline",
               "Bluewater", "Summit Peak", "Redstone", "Greenfield", "Morning Star", "Northgate"]  # fmt: skip
FORMS = {"China": "Co., Ltd.", "Colombia": "S.A.S.", "Ecuador": "S.A.", "Oman": "LLC", "Russia": "PJSC",
         "Canada": "Inc.", "Serbia": "d.o.o.", "Japan": "K.K.", "Vietnam": "Joint Stock Company", "Korea": "Co., Ltd.", "India": "Pvt. Ltd.",
         "Turkey": "A.S.", "Mexico": "S.A. de C.V.", "Brazil": "Ltda.", "Italy": "S.p.A.",
         "Indonesia": "PT", "Germany": "GmbH", "Spain": "S.A.", "Argentina": "S.A."}  # fmt: skip
IMPORTER_WORDS = (["Keystone", "Blue Harbor", "Lakeshore", "Prairie", "Copperline", "Atlantic Rim",
                   "Redwood", "Granite State", "Sierra", "Hudson Valley", "Gulf Coast", "Liberty Bell",
                   "Cascade", "Twin Rivers", "Old Dominion", "Bayview"],
                  ["Imports", "Home Furnishings", "Outdoor Products", "Lighting", "Apparel Group",
                   "Trading", "Industrial Supply", "Electronics", "Foods", "Tools", "Sporting Goods"],
                  ["Inc.", "LLC", "Corp.", "Co."])  # fmt: skip
PROTEST_ISSUES = [
    ("1581(a) Protest - Classification", "LED lighting fixtures", "China"),
    ("1581(a) Protest - Classification", "women's knit pullovers", "Vietnam"),
    ("1581(a) Protest - Classification", "smart home security cameras", "China"),
    ("1581(a) Protest - Classification", "e-bike conversion kits", "Taiwan"),
    ("1581(a) Protest - Valuation", "automotive wire harnesses", "Mexico"),
    ("1581(a) Protest - Valuation", "frozen seafood", "Thailand"),
    ("1581(a) Protest - Drawback", "refined petroleum products", "Canada"),
    ("1581(a) Protest - Country of Origin", "steel wire garment hangers", "Malaysia"),
    ("1581(a) Protest - Liquidation", "quartz surface products", "India"),
]
RESIDUAL_ISSUES = [
    ("Section 301 duties on products of China (Lists 3 and 4A)", "Office of the U.S. Trade Representative"),
    ("Section 232 duties on steel derivative products", "U.S. Department of Commerce, Bureau of Industry and Security"),
    ("Section 232 duties on aluminum products", "U.S. Department of Commerce, Bureau of Industry and Security"),
    ("Exclusion of merchandise under the Uyghur Forced Labor Prevention Act", "U.S. Customs and Border Protection"),
    ("Suspension of liquidation instructions", "U.S. Customs and Border Protection"),
]  # fmt: skip
COMMERCE = "U.S. Department of Commerce, International Trade Administration"
CBP = "U.S. Customs and Border Protection"

PAGES = {"complaint": 18, "motion_judgment_agency_record": 45, "response_brief_56_2": 40,
         "reply_brief_56_2": 22, "slip_opinion": 28, "administrative_record": 12, "opening_brief": 60,
         "response_brief": 55, "reply_brief": 30, "joint_appendix": 90, "opinion": 24}  # fmt: skip

# Parties without counsel, and where the clerk's office mails what they are served by other means: the
# registered pro se plaintiff-intervenor (cit-prose) and one pro se party who never registered to file, so
# every filing in the demo filers' case has a service packet to print.
PRO_SE_REGISTERED = ("Tomas Ferreira", "418 Alder Lane\nNewark, NJ 07104")
PRO_SE_UNREGISTERED = ("Odile Marchetti", "27 Fenwick Court, Apt. 3B\nBaltimore, MD 21230")
