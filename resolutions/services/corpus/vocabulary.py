# ruff: noqa: E501  (a data module: long UN phrases read better unbroken)
"""UN subject vocabulary for the synthetic corpus: subject areas, their phrases, boilerplate.

Each subject area has a handful of phrases in UN drafting style. A generated resolution is
about one main subject (sometimes two), so a subject's words occur in a small share of
paragraphs, while the boilerplate below ("Member States", "the United Nations") occurs in a
large share, as in a real collection.
"""

from __future__ import annotations

# Subject area -> (weight, phrases). Weights follow how often the Assembly and the Councils
# take the subject up (development and human rights often, outer space rarely).
SUBJECTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "oceans": (
        5,
        (
            "oceans and the law of the sea",
            "the United Nations Convention on the Law of the Sea",
            "marine biological diversity of areas beyond national jurisdiction",
            "the International Seabed Authority",
            "maritime boundaries and the continental shelf",
            "the protection of the marine environment from land-based activities",
        ),
    ),
    "fisheries": (
        3,
        (
            "sustainable fisheries",
            "illegal, unreported and unregulated fishing",
            "straddling fish stocks and highly migratory fish stocks",
            "regional fisheries management organizations",
            "bottom trawling on vulnerable marine ecosystems",
        ),
    ),
    "climate": (
        6,
        (
            "climate change",
            "the United Nations Framework Convention on Climate Change",
            "greenhouse gas emissions",
            "adaptation to the adverse effects of climate change",
            "the Paris Agreement",
            "sea-level rise and its implications for small island developing States",
        ),
    ),
    "environment": (
        4,
        (
            "the protection of the environment",
            "biological diversity and ecosystems",
            "desertification, land degradation and drought",
            "sound management of chemicals and waste",
            "the United Nations Environment Programme",
            "air pollution and its effects on health",
        ),
    ),
    "water": (
        2,
        (
            "safe drinking water and sanitation",
            "transboundary water resources",
            "integrated water resources management",
            "the International Decade for Action on water",
        ),
    ),
    "energy": (
        2,
        (
            "affordable, reliable, sustainable and modern energy",
            "renewable sources of energy",
            "energy efficiency and clean cooking",
            "the peaceful uses of nuclear energy",
        ),
    ),
    "forests": (
        1,
        (
            "sustainable forest management",
            "deforestation and forest degradation",
            "the United Nations Forum on Forests",
            "the non-legally binding instrument on all types of forests",
        ),
    ),
    "disaster": (
        3,
        (
            "disaster risk reduction",
            "the Sendai Framework for Disaster Risk Reduction",
            "natural disasters and early warning systems",
            "humanitarian assistance in the aftermath of earthquakes",
        ),
    ),
    "refugees": (
        5,
        (
            "refugees, returnees and displaced persons",
            "the Office of the United Nations High Commissioner for Refugees",
            "the principle of non-refoulement",
            "durable solutions for refugees, including voluntary repatriation",
            "internally displaced persons",
            "the global compact on refugees",
        ),
    ),
    "migration": (
        3,
        (
            "international migration and development",
            "the protection of migrants, including migrant workers",
            "safe, orderly and regular migration",
            "smuggling of migrants by land, sea and air",
            "remittances of migrant workers",
        ),
    ),
    "disarmament": (
        6,
        (
            "general and complete disarmament",
            "nuclear disarmament and non-proliferation",
            "the Treaty on the Non-Proliferation of Nuclear Weapons",
            "a nuclear-weapon-free zone",
            "the Comprehensive Nuclear-Test-Ban Treaty",
            "the Conference on Disarmament",
        ),
    ),
    "small_arms": (
        3,
        (
            "the illicit trade in small arms and light weapons",
            "the Arms Trade Treaty",
            "anti-personnel mines and their destruction",
            "cluster munitions and explosive remnants of war",
            "improvised explosive devices",
        ),
    ),
    "chemical": (
        2,
        (
            "chemical and biological weapons",
            "the Chemical Weapons Convention",
            "the Biological Weapons Convention",
            "the use of toxic chemicals as weapons",
        ),
    ),
    "outer_space": (
        1,
        (
            "the peaceful uses of outer space",
            "the prevention of an arms race in outer space",
            "space debris and the long-term sustainability of outer space activities",
            "the Committee on the Peaceful Uses of Outer Space",
        ),
    ),
    "decolonization": (
        4,
        (
            "the Declaration on the Granting of Independence to Colonial Countries and Peoples",
            "Non-Self-Governing Territories",
            "the right of peoples to self-determination",
            "the Special Committee on Decolonization",
            "the administering Powers",
        ),
    ),
    "palestine": (
        5,
        (
            "the question of Palestine",
            "the Palestinian people and their inalienable rights",
            "the United Nations Relief and Works Agency for Palestine Refugees in the Near East",
            "Israeli settlements in the Occupied Palestinian Territory, including East Jerusalem",
            "a two-State solution on the basis of the pre-1967 borders",
        ),
    ),
    "middle_east": (
        3,
        (
            "the situation in the Middle East",
            "the occupied Syrian Golan",
            "the United Nations Interim Force in Lebanon",
            "the United Nations Disengagement Observer Force",
        ),
    ),
    "peacekeeping": (
        6,
        (
            "peacekeeping operations",
            "the safety and security of peacekeepers",
            "the protection of civilians by peacekeeping missions",
            "troop- and police-contributing countries",
            "the financing of the peacekeeping mission",
            "sexual exploitation and abuse by peacekeeping personnel",
        ),
    ),
    "peacebuilding": (
        3,
        (
            "peacebuilding and sustaining peace",
            "the Peacebuilding Commission",
            "post-conflict reconstruction and recovery",
            "the Peacebuilding Fund",
        ),
    ),
    "terrorism": (
        4,
        (
            "measures to eliminate international terrorism",
            "the United Nations Global Counter-Terrorism Strategy",
            "foreign terrorist fighters",
            "the financing of terrorism",
            "violent extremism as and when conducive to terrorism",
        ),
    ),
    "crime": (
        4,
        (
            "crime prevention and criminal justice",
            "transnational organized crime",
            "the United Nations Convention against Transnational Organized Crime",
            "trafficking in cultural property",
            "mutual legal assistance and extradition",
            "kidnapping and hostage-taking for ransom",
        ),
    ),
    "corruption": (
        2,
        (
            "preventing and combating corrupt practices",
            "the United Nations Convention against Corruption",
            "the return of assets of illicit origin",
            "illicit financial flows",
        ),
    ),
    "drugs": (
        3,
        (
            "the world drug problem",
            "illicit cultivation of opium poppy and coca bush",
            "the Commission on Narcotic Drugs",
            "alternative development and drug demand reduction",
            "new psychoactive substances",
        ),
    ),
    "trafficking": (
        3,
        (
            "trafficking in persons, especially women and children",
            "the victims of trafficking in persons",
            "forced labour and modern slavery",
            "the Protocol to Prevent, Suppress and Punish Trafficking in Persons",
        ),
    ),
    "health": (
        5,
        (
            "global health and foreign policy",
            "universal health coverage",
            "the World Health Organization",
            "HIV and AIDS",
            "non-communicable diseases",
            "pandemic prevention, preparedness and response",
            "malaria and tuberculosis",
        ),
    ),
    "food": (
        4,
        (
            "agriculture development, food security and nutrition",
            "the right to food",
            "smallholder farmers and rural women",
            "famine and acute food insecurity",
            "the Food and Agriculture Organization of the United Nations",
        ),
    ),
    "women": (
        6,
        (
            "the advancement of women",
            "gender equality and the empowerment of all women and girls",
            "violence against women and girls",
            "the Beijing Declaration and Platform for Action",
            "the Convention on the Elimination of All Forms of Discrimination against Women",
            "women, peace and security",
            "female genital mutilation",
        ),
    ),
    "children": (
        5,
        (
            "the rights of the child",
            "the Convention on the Rights of the Child",
            "children and armed conflict",
            "child labour and the worst forms of child labour",
            "birth registration and the best interests of the child",
            "child, early and forced marriage",
        ),
    ),
    "youth": (
        2,
        (
            "youth in the global economy",
            "the World Programme of Action for Youth",
            "youth employment and skills development",
        ),
    ),
    "ageing": (
        1,
        (
            "older persons",
            "the Madrid International Plan of Action on Ageing",
            "the human rights of older persons",
        ),
    ),
    "disability": (
        2,
        (
            "persons with disabilities",
            "the Convention on the Rights of Persons with Disabilities",
            "accessibility and reasonable accommodation",
            "disability-inclusive development",
        ),
    ),
    "indigenous": (
        2,
        (
            "the rights of indigenous peoples",
            "the United Nations Declaration on the Rights of Indigenous Peoples",
            "indigenous languages",
            "free, prior and informed consent of indigenous peoples",
        ),
    ),
    "minorities": (
        1,
        (
            "persons belonging to national or ethnic, religious and linguistic minorities",
            "the Forum on Minority Issues",
        ),
    ),
    "racism": (
        3,
        (
            "the elimination of racism, racial discrimination, xenophobia and related intolerance",
            "the Durban Declaration and Programme of Action",
            "people of African descent",
            "the glorification of Nazism and neo-Nazism",
        ),
    ),
    "religion": (
        2,
        (
            "freedom of religion or belief",
            "intolerance and discrimination based on religion or belief",
            "the defamation of religions",
            "interreligious and intercultural dialogue",
        ),
    ),
    "expression": (
        2,
        (
            "the freedom of opinion and expression",
            "the safety of journalists and the issue of impunity",
            "the right to privacy in the digital age",
            "peaceful assembly and association",
        ),
    ),
    "torture": (
        2,
        (
            "torture and other cruel, inhuman or degrading treatment or punishment",
            "the Convention against Torture",
            "enforced or involuntary disappearances",
            "the Optional Protocol to the Convention against Torture",
        ),
    ),
    "death_penalty": (
        1,
        (
            "a moratorium on the use of the death penalty",
            "extrajudicial, summary or arbitrary executions",
        ),
    ),
    "human_rights_treaties": (
        3,
        (
            "the human rights treaty bodies",
            "the Universal Periodic Review",
            "the Office of the United Nations High Commissioner for Human Rights",
            "national human rights institutions",
            "human rights defenders",
        ),
    ),
    "country_syria": (
        2,
        (
            "the situation of human rights in the Syrian Arab Republic",
            "the Independent International Commission of Inquiry on the Syrian Arab Republic",
        ),
    ),
    "country_myanmar": (
        2,
        (
            "the situation of human rights of Rohingya Muslims and other minorities in Myanmar",
            "the Independent Investigative Mechanism for Myanmar",
        ),
    ),
    "country_dprk": (
        1,
        (
            "the situation of human rights in the Democratic People's Republic of Korea",
            "abductions of foreign nationals",
        ),
    ),
    "country_iran": (1, ("the situation of human rights in the Islamic Republic of Iran",)),
    "country_ukraine": (
        2,
        (
            "the situation of human rights in Ukraine",
            "the territorial integrity of Ukraine",
        ),
    ),
    "country_africa": (
        4,
        (
            "the situation in the Democratic Republic of the Congo",
            "the situation in Somalia",
            "the situation in the Sudan and South Sudan",
            "the situation in Mali and the Sahel",
            "the Central African Republic",
            "the African Union Mission",
        ),
    ),
    "country_afghanistan": (
        2,
        (
            "the situation in Afghanistan",
            "the United Nations Assistance Mission in Afghanistan",
        ),
    ),
    "development_finance": (
        5,
        (
            "financing for development",
            "the Addis Ababa Action Agenda",
            "official development assistance",
            "external debt sustainability and development",
            "domestic resource mobilization",
            "international financial institutions",
        ),
    ),
    "sustainable_development": (
        6,
        (
            "the 2030 Agenda for Sustainable Development",
            "the Sustainable Development Goals",
            "the high-level political forum on sustainable development",
            "eradication of poverty",
            "sustainable consumption and production patterns",
        ),
    ),
    "trade": (
        3,
        (
            "international trade and development",
            "the multilateral trading system",
            "unilateral economic measures as a means of political and economic coercion",
            "the United Nations Conference on Trade and Development",
            "commodities and commodity dependence",
        ),
    ),
    "ldcs": (
        2,
        (
            "the least developed countries",
            "landlocked developing countries",
            "small island developing States",
            "the Istanbul Programme of Action",
        ),
    ),
    "science_technology": (
        2,
        (
            "science, technology and innovation for development",
            "information and communications technologies for development",
            "the digital divide",
            "artificial intelligence",
        ),
    ),
    "cyber": (
        1,
        (
            "developments in the field of information and telecommunications in the context of international security",
            "countering the use of information and communications technologies for criminal purposes",
        ),
    ),
    "education": (
        3,
        (
            "the right to education",
            "inclusive and equitable quality education",
            "literacy for life",
            "education in emergencies",
        ),
    ),
    "culture": (
        1,
        (
            "culture and sustainable development",
            "the return or restitution of cultural property to the countries of origin",
            "the protection of cultural heritage",
        ),
    ),
    "sport": (
        1,
        (
            "sport as an enabler of sustainable development",
            "the Olympic Truce",
        ),
    ),
    "urban": (
        2,
        (
            "human settlements and sustainable urbanization",
            "the New Urban Agenda",
            "adequate housing as a component of the right to an adequate standard of living",
        ),
    ),
    "humanitarian": (
        5,
        (
            "the coordination of emergency humanitarian assistance",
            "the Central Emergency Response Fund",
            "the safety and security of humanitarian personnel",
            "humanitarian access and the protection of medical care",
        ),
    ),
    "international_law": (
        3,
        (
            "the rule of law at the national and international levels",
            "the International Law Commission",
            "the International Court of Justice",
            "the International Criminal Court",
            "universal jurisdiction",
            "diplomatic protection and the responsibility of States for internationally wrongful acts",
        ),
    ),
    "un_reform": (
        3,
        (
            "the revitalization of the work of the General Assembly",
            "the reform of the Security Council",
            "system-wide coherence",
            "the selection and appointment of the Secretary-General",
        ),
    ),
    "budget": (
        5,
        (
            "the programme budget for the biennium",
            "the scale of assessments for the apportionment of expenses",
            "the Advisory Committee on Administrative and Budgetary Questions",
            "the human resources management of the Organization",
            "the capital master plan",
            "the pattern of conferences",
        ),
    ),
    "population": (
        2,
        (
            "population and development",
            "the Programme of Action of the International Conference on Population and Development",
            "demographic change and sexual and reproductive health",
        ),
    ),
    "social": (
        3,
        (
            "social development",
            "the World Summit for Social Development",
            "social protection floors",
            "the family and family policies",
            "cooperatives in social development",
        ),
    ),
    "statistics": (
        1,
        (
            "official statistics and the Fundamental Principles of Official Statistics",
            "the global geospatial information management",
            "disaggregated data",
        ),
    ),
    "tourism": (
        1,
        (
            "sustainable tourism and ecotourism",
            "the World Tourism Organization",
        ),
    ),
    "mercenaries": (
        1,
        (
            "the use of mercenaries as a means of violating human rights",
            "private military and security companies",
        ),
    ),
    "antarctica": (
        1,
        (
            "the question of Antarctica",
            "the Antarctic Treaty system",
        ),
    ),
}

# Phrases that real resolutions repeat whatever their subject: they make "Member States" or
# "United Nations" match a large share of paragraphs.
BOILERPLATE: tuple[str, ...] = (
    "Member States", "the United Nations system", "the Secretary-General",
    "all relevant stakeholders", "the international community", "Member States and observers",
    "the relevant United Nations entities", "regional and subregional organizations",
    "civil society, including non-governmental organizations", "the Charter of the United Nations",
    "the specialized agencies, funds and programmes of the United Nations",
    "international cooperation", "national capacities", "in accordance with international law",
    "the private sector", "States parties", "relevant intergovernmental bodies",
)  # fmt: skip
# "Member States" is by far the most frequent addressee in real texts.
BOILERPLATE_WEIGHTS: tuple[int, ...] = tuple(8 if b == "Member States" else 1 for b in BOILERPLATE)

# What a clause does with its subject, after the opening verb phrase.
PREAMBULAR_TEMPLATES: tuple[str, ...] = (
    "{verb} its previous resolutions on {subject}, including resolution {citation},",
    "{verb} the importance of {subject} for the achievement of {goal},",
    "{verb} that {boiler} have the primary responsibility for {subject},",
    "{verb} the report of the Secretary-General on {subject},",
    "{verb} the need to strengthen {boiler} in the field of {subject},",
    "{verb} the contribution of {boiler} to {subject} and to {goal},",
    "{verb} that {subject} remains a matter of concern to {boiler},",
    "{verb} the work of {boiler} on {subject} and {subject2},",
    "{verb} the purposes and principles of the Charter of the United Nations,",
    "{verb} the commitments made by {boiler} with regard to {subject},",
)  # fmt: skip
# Operative clauses by what the opening verb does: ask someone, state a position, decide.
ASK_TEMPLATES: tuple[str, ...] = (
    "{verb} {boiler} to continue their efforts on {subject}, in cooperation with {boiler2};",
    "{verb} the Secretary-General to submit to the General Assembly at its next session a report on {subject};",
    "{verb} {boiler} to consider becoming parties to the instruments relating to {subject};",
    "{verb} {boiler} to integrate {subject} into national strategies for {goal};",
    "{verb} {boiler} to provide voluntary contributions for {subject};",
    "{verb} {boiler} to share best practices on {subject} and {subject2};",
    "{verb} {boiler} to address {subject}, and {boiler2} to support them;",
)
STATE_TEMPLATES: tuple[str, ...] = (
    "{verb} the importance of {subject}, as reaffirmed in resolution {citation};",
    "{verb} its support for {subject} and for the work of {boiler};",
    "{verb} the efforts of {boiler} to address {subject};",
    "{verb} the need for {boiler} to strengthen {subject} in order to achieve {goal};",
    "{verb} the role of {boiler} in {subject} and {subject2};",
)
DECIDE_TEMPLATES: tuple[str, ...] = (
    "{verb} to include in the provisional agenda of its next session the item entitled \u201c{subject}\u201d;",
    "{verb} to continue its consideration of {subject} at its next session;",
    "{verb} to remain seized of the matter.",
)
GOALS: tuple[str, ...] = (
    "the Sustainable Development Goals", "international peace and security",
    "the full enjoyment of all human rights", "sustained economic growth",
    "the eradication of poverty", "the rule of law", "durable peace",
)  # fmt: skip

# Opening phrases with their canonical verb (Paragraph.verb_phrase, Paragraph.verb).
PREAMBULAR_VERBS: tuple[tuple[str, str], ...] = (
    ("Recalling", "recall"), ("Reaffirming", "reaffirm"), ("Recognizing", "recognize"),
    ("Noting", "note"), ("Welcoming", "welcome"), ("Stressing", "stress"),
    ("Bearing in mind", "bear in mind"), ("Emphasizing", "emphasize"),
    ("Taking note of", "take note"), ("Noting with concern", "note"),
    ("Recalling also", "recall"), ("Noting with appreciation", "note"),
    ("Acknowledging", "acknowledge"), ("Underlining", "underline"), ("Reiterating", "reiterate"),
)  # fmt: skip
# Operative opening phrases with their canonical verb, by template group.
ASK_VERBS: tuple[tuple[str, str], ...] = (
    ("Requests", "request"), ("Urges", "urge"), ("Calls upon", "call upon"),
    ("Encourages", "encourage"), ("Invites", "invite"), ("Also requests", "request"),
    ("Further requests", "request"), ("Strongly urges", "urge"), ("Also encourages", "encourage"),
)  # fmt: skip
STATE_VERBS: tuple[tuple[str, str], ...] = (
    ("Reaffirms", "reaffirm"), ("Welcomes", "welcome"), ("Stresses", "stress"),
    ("Takes note of", "take note"), ("Emphasizes", "emphasize"), ("Recognizes", "recognize"),
    ("Notes", "note"), ("Underlines", "underline"), ("Commends", "commend"),
    ("Reiterates", "reiterate"), ("Acknowledges", "acknowledge"),
)  # fmt: skip
DECIDE_VERBS: tuple[tuple[str, str], ...] = (("Decides", "decide"), ("Also decides", "decide"))
OPERATIVE_GROUPS: tuple[tuple[tuple[tuple[str, str], ...], tuple[str, ...], int], ...] = (
    # (verbs, templates, weight)
    (ASK_VERBS, ASK_TEMPLATES, 6),
    (STATE_VERBS, STATE_TEMPLATES, 4),
    (DECIDE_VERBS, DECIDE_TEMPLATES, 1),
)
