package demo

// The name lists below are common Dutch given names and family names, and names
// common among Dutch residents of Turkish, Moroccan, Surinamese and Polish origin.
// The generator combines them at random with made-up birth dates, addresses and
// BSNs, so every person in the demo is synthetic; no combination is meant to
// describe anyone.

// familyName is a family name with its tussenvoegsel ("van der", "de").
type familyName struct {
	prefix, name string
}

// nameGroup is a set of family names with the given names that go with them.
// Given names are by era of birth: born before 1956, 1956–1975, 1976–1995, and
// from 1996.
type nameGroup struct {
	weight   int
	families []familyName
	male     [4][]string
	female   [4][]string
}

func fn(prefix, name string) familyName { return familyName{prefix, name} }

// older gives those born before 1956 their own list and everyone after the other.
func older(old []string, names ...string) [4][]string {
	return [4][]string{old, names, names, names}
}

var nameGroups = []nameGroup{
	{
		weight: 72,
		families: []familyName{
			fn("de", "Jong"), fn("", "Jansen"), fn("de", "Vries"), fn("van den", "Berg"), fn("van", "Dijk"),
			fn("", "Bakker"), fn("", "Janssen"), fn("", "Visser"), fn("", "Smit"), fn("", "Meijer"),
			fn("de", "Boer"), fn("", "Mulder"), fn("de", "Groot"), fn("", "Bos"), fn("", "Vos"),
			fn("", "Peters"), fn("", "Hendriks"), fn("van", "Leeuwen"), fn("", "Dekker"), fn("", "Brouwer"),
			fn("de", "Wit"), fn("", "Dijkstra"), fn("", "Smits"), fn("de", "Graaf"), fn("van der", "Meer"),
			fn("van der", "Linden"), fn("", "Kok"), fn("", "Jacobs"), fn("de", "Haan"), fn("", "Vermeulen"),
			fn("van den", "Heuvel"), fn("van der", "Veen"), fn("van den", "Broek"), fn("de", "Bruijn"), fn("van der", "Heijden"),
			fn("", "Schouten"), fn("van", "Beek"), fn("", "Willems"), fn("van", "Vliet"), fn("van de", "Ven"),
			fn("", "Hoekstra"), fn("", "Maas"), fn("", "Verhoeven"), fn("", "Koster"), fn("van", "Dam"),
			fn("van der", "Wal"), fn("", "Prins"), fn("", "Blom"), fn("", "Huisman"), fn("de", "Lange"),
			fn("", "Kuipers"), fn("van", "Wijk"), fn("", "Post"), fn("", "Veenstra"), fn("", "Kramer"),
			fn("van den", "Brink"), fn("", "Scholten"), fn("", "Timmermans"), fn("", "Groen"), fn("", "Gerritsen"),
		},
		male: [4][]string{
			{"Johannes", "Cornelis", "Hendrik", "Jan", "Gerrit", "Willem", "Pieter", "Kees", "Henk", "Wim", "Gerard", "Frans", "Ton", "Joop", "Bert", "Klaas", "Dirk", "Teun"},
			{"Peter", "Marcel", "Richard", "Erik", "Rob", "Frank", "Paul", "Ronald", "Martin", "René", "Patrick", "Edwin", "Marco", "Arjan", "Dennis", "Robert", "Michel", "Hans"},
			{"Mark", "Stefan", "Bas", "Thomas", "Tim", "Niels", "Kevin", "Sander", "Rick", "Mike", "Jeroen", "Joost", "Wouter", "Roy", "Ruben", "Bart", "Jasper", "Martijn"},
			{"Daan", "Sem", "Luuk", "Milan", "Noah", "Levi", "Finn", "Lucas", "Jayden", "Thijs", "Bram", "Liam", "Jesse", "Mees", "Julian", "Tygo", "Stijn", "Gijs", "Dex", "Sven"},
		},
		female: [4][]string{
			{"Maria", "Johanna", "Cornelia", "Anna", "Elisabeth", "Hendrika", "Wilhelmina", "Riet", "Ans", "Truus", "Gerda", "Joke", "Corrie", "Tiny", "Marijke", "Ria", "Els", "Greet"},
			{"Monique", "Sandra", "Marian", "Ingrid", "Petra", "Karin", "Anja", "Wendy", "Yvonne", "Esther", "Linda", "Ellen", "Marieke", "Astrid", "Jolanda", "Bianca", "Saskia", "Mirjam"},
			{"Kim", "Lisa", "Sanne", "Anouk", "Laura", "Marloes", "Iris", "Femke", "Eva", "Nicole", "Chantal", "Manon", "Kelly", "Sharon", "Lotte", "Mandy", "Denise", "Inge"},
			{"Emma", "Julia", "Sophie", "Tess", "Zoë", "Sara", "Fenna", "Noa", "Mila", "Saar", "Isa", "Lieke", "Yara", "Nora", "Evi", "Roos", "Jill", "Anna", "Fleur", "Lynn"},
		},
	},
	{
		weight: 8,
		families: []familyName{
			fn("", "Yılmaz"), fn("", "Kaya"), fn("", "Demir"), fn("", "Şahin"), fn("", "Çelik"),
			fn("", "Öztürk"), fn("", "Aydın"), fn("", "Arslan"), fn("", "Doğan"), fn("", "Koç"),
		},
		male: [4][]string{
			{"Mehmet", "Mustafa", "Ahmet", "Hüseyin", "Ali", "İbrahim"},
			{"Mehmet", "Mustafa", "Hakan", "Murat", "Ali", "Osman", "Ramazan"},
			{"Emre", "Burak", "Murat", "Serkan", "Volkan", "Hakan", "Yusuf"},
			{"Yusuf", "Emir", "Kerem", "Enes", "Can", "Mert", "Efe", "Ömer"},
		},
		female: [4][]string{
			{"Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Hanife"},
			{"Fatma", "Ayşe", "Emine", "Sevgi", "Gülsüm", "Nurten"},
			{"Elif", "Esra", "Büşra", "Merve", "Derya", "Özlem", "Tuba"},
			{"Elif", "Zeynep", "Defne", "Ecrin", "Azra", "Eylül", "Melek"},
		},
	},
	{
		weight: 9,
		families: []familyName{
			fn("El", "Amrani"), fn("", "Bouzid"), fn("", "Benali"), fn("El", "Idrissi"), fn("", "Ouali"),
			fn("", "Chaoui"), fn("", "Belhaj"), fn("", "Azzouz"), fn("El", "Khatib"), fn("", "Boukhari"),
		},
		male: [4][]string{
			{"Mohamed", "Ahmed", "Abdelkader", "Mustapha", "Driss", "Hassan"},
			{"Mohamed", "Ahmed", "Rachid", "Khalid", "Abdel", "Said", "Mustapha"},
			{"Youssef", "Rachid", "Khalid", "Mohamed", "Soufiane", "Nordin", "Karim"},
			{"Ayoub", "Bilal", "Hamza", "Adam", "Anouar", "Yassin", "Rayan", "Ilias"},
		},
		female: [4][]string{
			{"Fatima", "Khadija", "Aicha", "Malika", "Zohra", "Rahma"},
			{"Fatima", "Khadija", "Naima", "Malika", "Latifa", "Saida"},
			{"Nadia", "Samira", "Yasmina", "Loubna", "Hanan", "Karima", "Siham"},
			{"Imane", "Salma", "Aya", "Nora", "Hafsa", "Malak", "Yasmine", "Sara"},
		},
	},
	{
		weight: 6,
		families: []familyName{
			fn("", "Pinas"), fn("", "Kromodimedjo"), fn("", "Doelwijt"), fn("", "Sewnath"), fn("", "Martina"),
			fn("", "Ramdin"), fn("", "Jiawan"), fn("", "Wijngaarde"), fn("", "Zschuschen"), fn("", "Karijodikoro"),
		},
		male:   older([]string{"Ronald", "Hugo", "Frits", "Eddy", "Harold", "Ramesh", "Lucien"}, "Ricardo", "Romano", "Glenn", "Dwayne", "Jurgen", "Anil", "Rishi", "Giovanni", "Quincy", "Xavier", "Ruben", "Rodney"),
		female: older([]string{"Hilda", "Elvira", "Marlene", "Lucia", "Sita", "Carmen", "Edith"}, "Shanti", "Priya", "Sharon", "Naomi", "Jennifer", "Natasha", "Rowena", "Shirley", "Gracia", "Kiran", "Sabrina", "Tamara"),
	},
	{
		weight: 5,
		families: []familyName{
			fn("", "Nowak"), fn("", "Mazur"), fn("", "Krawczyk"), fn("", "Kaczmarek"), fn("", "Pawlak"), fn("", "Zając"),
		},
		male:   older([]string{"Stanisław", "Józef", "Jan", "Tadeusz", "Andrzej"}, "Piotr", "Tomasz", "Krzysztof", "Paweł", "Marek", "Jakub", "Michał", "Łukasz"),
		female: older([]string{"Krystyna", "Barbara", "Halina", "Danuta", "Maria"}, "Agnieszka", "Katarzyna", "Magdalena", "Anna", "Joanna", "Monika", "Ewa", "Zofia"),
	},
}

// wijk is a neighbourhood of Rivierstad with its streets. Weight is its share of
// the households, need how strongly its households are picked for a case (the
// demo's "aandachtswijken" carry more cases, as real ones do).
type wijk struct {
	name    string
	weight  int
	need    int
	corp    orgKey // the housing corporation that owns most of its rented homes
	agent   string // the wijkagent of the neighbourhood
	flats   bool   // many flats: house-number additions
	streets []string
}

// The streets are made up; the postcodes are in the fictional range 4900–4979
// (see postcode).
var wijken = []wijk{
	{"Centrum", 12, 3, orgWoonRivierstede, "wijkagent", true, []string{"Rivierkade", "Veerstraat", "Lakenmarkt", "Tolhuisplein", "Gasthuissteeg", "Korte Boterstraat", "Munthof"}},
	{"Oost", 16, 5, orgWoonRivierstede, "wijkagent", true, []string{"Zonnebloemstraat", "Klaprooslaan", "Korenbloemstraat", "Lupinehof", "Margrietstraat", "Akeleistraat", "Distelweg"}},
	{"Noord", 14, 4, orgWoonRivierstede, "wijkagent", false, []string{"Spreeuwenlaan", "Merelstraat", "Zwaluwstraat", "Reigerhof", "Kievitweg", "Lijsterstraat"}},
	{"Havenkwartier", 10, 6, orgWoonHavenzicht, "wijkagent2", true, []string{"Dokweg", "Scheepmakersstraat", "Ankerplein", "Touwslagersgang", "Loodsenstraat", "Kraanbaan", "Sluiswachtersweg"}},
	{"De Weiden", 14, 2, orgWoonHavenzicht, "wijkagent2", false, []string{"Weidelaan", "Hooibergstraat", "Grasmaatweg", "Boterbloemweg", "Slootkant", "Hoevelaan"}},
	{"Kerkbuurt", 8, 2, orgWoonRivierstede, "wijkagent", false, []string{"Kerkstraat", "Pastoriehof", "Kosterslaan", "Klokkenstraat", "Torenpad", "Abdijstraat"}},
	{"Molenwijk", 12, 4, orgWoonHavenzicht, "wijkagent3", true, []string{"Molenweg", "Maalderslaan", "Wiekenstraat", "Korenmolen", "Graanstraat", "Molenaarshof"}},
	{"Zuid", 14, 2, orgWoonHavenzicht, "wijkagent3", false, []string{"Dijkgraaflaan", "Polderweg", "Schouwstraat", "Kwelderlaan", "Kribweg", "Uiterwaardenlaan"}},
}

// City is the name of the demo's fictional municipality.
const City = "Rivierstad"

// postcodeLetters are the letter pairs used, in order; SA, SD and SS are not issued.
var postcodeLetters = []string{"AA", "AB", "AC", "AD", "AE", "AG", "AH", "AJ", "AK", "AL", "AM", "AN", "AP", "AR", "AS", "AT", "AV", "AW", "AX", "AZ",
	"BA", "BB", "BC", "BD", "BE", "BG", "BH", "BJ", "BK", "BL", "BM", "BN", "BP", "BR", "BS", "BT", "BV", "BW", "BX", "BZ"}
