"""Word lists the entity patterns rely on: titles, speech verbs, organisation head words.

Kept apart from the patterns so the lists can grow without the logic getting longer. All
words are stored folded (lower case, no accents), as ``tokens.fold`` makes them.
"""

from __future__ import annotations

# Words before a person's name ("Director-General Zhao Yiping", "spokeswoman Ana Ruiz").
# Hyphenated titles are split into their words by the tokenizer, so both halves are listed.
TITLES = frozenset("""
president vice premier prime minister ministers secretary director general chancellor
ambassador governor senator sen rep representative congressman congresswoman chairman
chairwoman chair chairperson ceo cfo coo founder chief spokesman spokeswoman spokesperson
commissioner mayor king queen prince princess emperor pope cardinal bishop archbishop judge
justice professor prof dr mr mrs ms mx sir dame lord lady captain colonel lieutenant admiral
sergeant major deputy envoy economist analyst official adviser advisor counsellor councillor
councilor attorney lawyer researcher scientist editor correspondent speaker undersecretary
administrator commander marshal sheikh emir crown treasurer executive head leader
pm lt gen col maj brig adm sgt capt cpl gov supt insp
datuk dato datin tun seri toh puan tengku tunku
""".split())
# Abbreviated titles that may stand before a name with their full stop ("Lt. Gen. Ahmed").
ABBREVIATED_TITLES = frozenset("""
mr mrs ms dr prof lt gen col maj brig adm sgt capt cpl gov sen rep supt insp st
""".split())

# Nouns after a name and a comma that say the name is a person ("Ana Ruiz, a spokeswoman").
PERSON_NOUNS = frozenset("""
spokesman spokeswoman spokesperson minister president director chief head economist analyst
professor researcher official officer adviser advisor ambassador envoy secretary chairman
chairwoman chair founder executive ceo governor mayor senator lawmaker legislator diplomat
commissioner fellow lecturer scientist author editor correspondent manager partner lawyer
attorney strategist negotiator leader deputy representative spokesperson activist campaigner
organiser organizer resident farmer worker owner engineer teacher doctor nurse investor
""".split())

# Verbs of saying: a name right before or after one is a speaker.
SPEECH_VERBS = frozenset("""
said says told added noted stated warned argued explained wrote insisted cautioned
acknowledged announced remarked commented observed claimed urged stressed emphasised
emphasized recalled conceded replied asked predicted estimated believes contends
""".split())

# Capitalised words that begin sentences but never names.
STOP_WORDS = frozenset("""
the a an in on at by for from with as while when this that these those it its their his her
our we they he she i and but or if then after before during under over since although
meanwhile however yet so also according together read both each many some several such other
another all last next why how what who where which there here now today yesterday tomorrow
not no more most less few even still just only because though unless until whether among
between within without into onto upon about above below across against along around behind
beyond despite except inside outside through toward towards via per than like once
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december
""".split())

# Lower-case words allowed inside a name ("Ministry of Science and ICT", "Ursula von der Leyen").
# "e", "ul" and "ud" join Urdu and Persian names ("Tehrik-e-Taliban", "Jamaat-ud-Dawa").
CONNECTORS = frozenset(
    "of and for on the & de du des la le del di da van von der den al bin y e ul ud".split())
NAME_PARTICLES = frozenset("van von der den de da dos du bin binti al el la le di ibn".split())

# Last words that make a capitalised phrase an organisation or a programme, and the kind.
HEADS: dict[str, str] = {
    **dict.fromkeys("""
ministry department bureau office agency commission council committee authority
administration institute institution university college academy foundation association
federation union league alliance coalition party corporation company corp inc ltd limited plc
holdings group bank fund forum organisation organization society centre center board service
court parliament assembly congress senate cabinet secretariat embassy consulate network
technologies electronics motors airlines airways industries systems pharmaceuticals telecom
guard army navy police force forces exchange observatory agencies laboratory laboratories
corps marines
""".split(), "organisation"),
    **dict.fromkeys("""
island islands sea strait peninsula archipelago atoll reef shoal
""".split(), "place"),
    **dict.fromkeys("""
initiative programme program plan strategy project scheme agenda act deal agreement accord
treaty pact convention protocol summit conference dialogue constitution charter
""".split(), "programme"),
}
# Heads that may be followed by "of ..." ("Ministry of Economy, Trade and Industry").
OF_HEADS = frozenset("""
ministry department bureau office agency commission council committee authority
administration institute university college academy foundation association federation union
league bank organisation organization society centre center board court secretariat embassy
group forum fund alliance chamber house constitution charter
""".split())

# Plural nouns after which "such as", "including" or "like" lists companies.
COMPANY_LISTS = frozenset("""
companies firms giants makers manufacturers chipmakers carmakers automakers brands
conglomerates corporations banks lenders insurers retailers operators startups suppliers
rivals competitors players businesses multinationals platforms developers producers
exporters investors groups carriers airlines
""".split())

# Words after a quoted name that make it a programme ("its “Digital New Deal” strategy").
PROGRAMME_NOUNS = frozenset("""
strategy programme program initiative plan policy framework scheme project campaign agenda
doctrine vision platform package mechanism corridor
""".split())

# Terms an acronym is often defined for that are not entities.
GENERIC_TERMS = frozenset(" ".join(term.split()) for term in """
memorandum of understanding|artificial intelligence|gross domestic product|research and
development|chief executive officer|foreign direct investment|free trade agreement|
frequently asked questions|small and medium enterprises|small and medium-sized enterprises|
internet of things|machine learning|large language model|press release|non-governmental
organisation|non-governmental organization|intellectual property|initial public offering
""".split("|"))
