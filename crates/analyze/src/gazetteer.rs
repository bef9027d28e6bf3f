//! Names of places, organizations and news outlets, written by hand.
//!
//! No pretrained recognizer can be used here, and a capitalized phrase
//! alone does not say whether it is a country, a party or a newspaper: a
//! short, general list does. The lists hold the ~200 countries with their
//! usual short forms and demonyms, the US states, capitals and large or
//! often-reported cities, regions, international and US government bodies,
//! and news outlets and platforms. They are public facts written out here,
//! not copied from a data set, and they are loaded once into one hash
//! table keyed by the lower-case words of a name without periods ("u s"
//! and "U.S." both read "us"), so that a lookup is one probe per length.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::types::MentionKind;

/// What a gazetteer name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GazKind {
    Country,
    /// A US state or a region of a country.
    State,
    City,
    /// A continent, sea or world region.
    Region,
    Organization,
    /// A news outlet or agency.
    Outlet,
    /// A platform people post on ("X", "Truth Social").
    Platform,
    /// An adjective of a country or people ("Russian"): part of titles,
    /// not a mention of its own.
    Demonym,
}

impl GazKind {
    pub fn mention_kind(self) -> MentionKind {
        match self {
            GazKind::Country | GazKind::State | GazKind::City | GazKind::Region => {
                MentionKind::Place
            }
            GazKind::Organization | GazKind::Outlet | GazKind::Platform => {
                MentionKind::Organization
            }
            GazKind::Demonym => MentionKind::Other,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub kind: GazKind,
    /// The name all aliases stand for ("United States" for "U.S.").
    pub canonical: &'static str,
    /// Written in capitals only ("US", "WHO", "AP"): a match must be in
    /// capitals too, so that "us" or "who" never match.
    pub caps: bool,
}

/// Countries: `Canonical|alias|...;Demonym|...`, one per line.
const COUNTRIES: &str = "\
Afghanistan;Afghan
Albania;Albanian
Algeria;Algerian
Andorra
Angola;Angolan
Antigua and Barbuda
Argentina;Argentine|Argentinian
Armenia;Armenian
Australia;Australian
Austria;Austrian
Azerbaijan;Azerbaijani
Bahamas
Bahrain;Bahraini
Bangladesh;Bangladeshi
Barbados
Belarus;Belarusian
Belgium;Belgian
Belize
Benin
Bhutan
Bolivia;Bolivian
Bosnia and Herzegovina|Bosnia;Bosnian
Botswana
Brazil;Brazilian
Brunei
Bulgaria;Bulgarian
Burkina Faso
Burundi
Cape Verde|Cabo Verde
Cambodia;Cambodian
Cameroon;Cameroonian
Canada;Canadian
Central African Republic
Chad;Chadian
Chile;Chilean
China|PRC|People's Republic of China;Chinese
Colombia;Colombian
Comoros
Republic of the Congo|Congo;Congolese
Democratic Republic of the Congo|DRC|DR Congo
Costa Rica;Costa Rican
Ivory Coast|Côte d'Ivoire
Croatia;Croatian
Cuba;Cuban
Cyprus;Cypriot
Czech Republic|Czechia;Czech
Denmark;Danish
Djibouti
Dominica
Dominican Republic;Dominican
Ecuador;Ecuadorian
Egypt;Egyptian
El Salvador;Salvadoran
Equatorial Guinea
Eritrea;Eritrean
Estonia;Estonian
Eswatini|Swaziland
Ethiopia;Ethiopian
Fiji;Fijian
Finland;Finnish
France;French
Gabon
Gambia
Georgia;Georgian
Germany;German
Ghana;Ghanaian
Greece;Greek
Grenada
Guatemala;Guatemalan
Guinea
Guinea-Bissau
Guyana
Haiti;Haitian
Honduras;Honduran
Hungary;Hungarian
Iceland;Icelandic
India;Indian
Indonesia;Indonesian
Iran;Iranian
Iraq;Iraqi
Ireland|Republic of Ireland;Irish
Israel;Israeli
Italy;Italian
Jamaica;Jamaican
Japan;Japanese
Jordan;Jordanian
Kazakhstan;Kazakh
Kenya;Kenyan
Kiribati
Kosovo;Kosovar
Kuwait;Kuwaiti
Kyrgyzstan;Kyrgyz
Laos;Lao|Laotian
Latvia;Latvian
Lebanon;Lebanese
Lesotho
Liberia;Liberian
Libya;Libyan
Liechtenstein
Lithuania;Lithuanian
Luxembourg
Madagascar
Malawi
Malaysia;Malaysian
Maldives
Mali;Malian
Malta;Maltese
Marshall Islands
Mauritania
Mauritius
Mexico;Mexican
Micronesia
Moldova;Moldovan
Monaco
Mongolia;Mongolian
Montenegro
Morocco;Moroccan
Mozambique
Myanmar|Burma;Burmese
Namibia
Nauru
Nepal;Nepali|Nepalese
Netherlands|Holland;Dutch
New Zealand
Nicaragua;Nicaraguan
Niger
Nigeria;Nigerian
North Korea|DPRK;North Korean
North Macedonia|Macedonia;Macedonian
Norway;Norwegian
Oman;Omani
Pakistan;Pakistani
Palau
Palestine|Palestinian Territories;Palestinian
Panama;Panamanian
Papua New Guinea
Paraguay;Paraguayan
Peru;Peruvian
Philippines;Filipino|Philippine
Poland;Polish
Portugal;Portuguese
Qatar;Qatari
Romania;Romanian
Russia|Russian Federation;Russian
Rwanda;Rwandan
Saint Kitts and Nevis
Saint Lucia
Saint Vincent and the Grenadines
Samoa
San Marino
Sao Tome and Principe
Saudi Arabia;Saudi
Senegal;Senegalese
Serbia;Serbian|Serb
Seychelles
Sierra Leone
Singapore;Singaporean
Slovakia;Slovak
Slovenia;Slovenian
Solomon Islands
Somalia;Somali
South Africa;South African
South Korea|Korea|ROK;South Korean|Korean
South Sudan
Spain;Spanish
Sri Lanka;Sri Lankan
Sudan;Sudanese
Suriname
Sweden;Swedish
Switzerland;Swiss
Syria;Syrian
Taiwan;Taiwanese
Tajikistan;Tajik
Tanzania;Tanzanian
Thailand;Thai
Timor-Leste|East Timor
Togo
Tonga
Trinidad and Tobago
Tunisia;Tunisian
Turkey|Türkiye;Turkish
Turkmenistan;Turkmen
Tuvalu
Uganda;Ugandan
Ukraine;Ukrainian
United Arab Emirates|UAE|U.A.E.;Emirati
United Kingdom|UK|U.K.|Britain|Great Britain;British|Brits|Briton
United States|US|U.S.|USA|U.S.A.|America|United States of America;American|Americans
Uruguay;Uruguayan
Uzbekistan;Uzbek
Vanuatu
Vatican|Vatican City|Holy See
Venezuela;Venezuelan
Vietnam;Vietnamese
Yemen;Yemeni
Zambia;Zambian
Zimbabwe;Zimbabwean
England;English
Scotland;Scottish|Scot
Wales;Welsh
Northern Ireland
Greenland
Puerto Rico;Puerto Rican
Hong Kong
Gaza|Gaza Strip
West Bank
Soviet Union|USSR;Soviet
European Union|EU|E.U.;European
";

/// US states, Canadian provinces and regions of countries often in news.
const STATES: &str = "\
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|\
Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|\
Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|\
North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|\
Texas|Utah|Vermont|Virginia|Washington State|West Virginia|Wisconsin|Wyoming|District of Columbia|\
Ontario|Quebec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|Crimea|Donbas|Donbass|\
Donetsk|Luhansk|Zaporizhzhia|Kherson|Kashmir|Tibet|Xinjiang|Chechnya|Catalonia|Bavaria|Sicily|\
Sardinia|Corsica|Kurdistan|Siberia|Punjab|Bengal|Kerala|Yorkshire|Kent|Essex|Surrey|Lancashire|\
Normandy|Brittany|Tasmania|Queensland|New South Wales|Guam|Kosovo";

/// Capitals and cities often in the news.
const CITIES: &str = "\
Washington|Washington D.C.|Washington DC|New York|New York City|NYC|Los Angeles|Chicago|Houston|\
Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|Jacksonville|San Francisco|\
Columbus|Fort Worth|Charlotte|Seattle|Denver|El Paso|Detroit|Boston|Memphis|Nashville|Portland|\
Oklahoma City|Las Vegas|Baltimore|Louisville|Milwaukee|Albuquerque|Tucson|Fresno|Sacramento|\
Atlanta|Kansas City|Miami|Raleigh|Omaha|Minneapolis|Cleveland|Tulsa|Oakland|New Orleans|Tampa|\
Honolulu|Anchorage|Pittsburgh|Cincinnati|St. Louis|Orlando|Buffalo|Salt Lake City|Richmond|\
Newark|Baton Rouge|Des Moines|Charleston|Savannah|Annapolis|Albany|Hartford|Providence|\
Brooklyn|Manhattan|Queens|the Bronx|Staten Island|Palm Beach|Mar-a-Lago|Silicon Valley|Hollywood|\
Toronto|Montreal|Vancouver|Ottawa|Calgary|Mexico City|Guadalajara|Monterrey|Havana|Caracas|\
Bogota|Bogotá|Lima|Quito|Santiago|Buenos Aires|Montevideo|Sao Paulo|São Paulo|Rio de Janeiro|\
Brasilia|Brasília|La Paz|Asuncion|Panama City|San Juan|Kingston|Port-au-Prince|Managua|\
London|Manchester|Birmingham|Liverpool|Leeds|Glasgow|Edinburgh|Cardiff|Belfast|Bristol|Oxford|\
Cambridge|Dublin|Paris|Marseille|Lyon|Nice|Strasbourg|Brussels|Antwerp|Amsterdam|Rotterdam|\
The Hague|Luxembourg City|Berlin|Munich|Hamburg|Frankfurt|Cologne|Bonn|Stuttgart|Dresden|\
Leipzig|Vienna|Zurich|Zürich|Geneva|Bern|Davos|Basel|Madrid|Barcelona|Valencia|Seville|Lisbon|\
Porto|Rome|Milan|Naples|Turin|Florence|Venice|Athens|Thessaloniki|Copenhagen|Stockholm|Oslo|\
Helsinki|Reykjavik|Warsaw|Krakow|Kraków|Prague|Bratislava|Budapest|Bucharest|Sofia|Belgrade|\
Zagreb|Ljubljana|Sarajevo|Skopje|Tirana|Podgorica|Pristina|Chisinau|Minsk|Vilnius|Riga|Tallinn|\
Kyiv|Kiev|Kharkiv|Kharkov|Odesa|Odessa|Lviv|Dnipro|Mariupol|Bakhmut|Avdiivka|Pokrovsk|Sumy|\
Chernihiv|Mykolaiv|Kramatorsk|Sevastopol|Moscow|St. Petersburg|Saint Petersburg|Kursk|Belgorod|\
Rostov|Volgograd|Kazan|Novosibirsk|Vladivostok|Kaliningrad|Tbilisi|Yerevan|Baku|Ankara|Istanbul|\
Izmir|Nicosia|Jerusalem|Tel Aviv|Haifa|Gaza City|Rafah|Khan Younis|Ramallah|Beirut|Damascus|\
Aleppo|Idlib|Homs|Amman|Baghdad|Mosul|Basra|Erbil|Tehran|Isfahan|Riyadh|Jeddah|Mecca|Medina|\
Doha|Dubai|Abu Dhabi|Muscat|Manama|Kuwait City|Sanaa|Aden|Cairo|Alexandria|Tripoli|Benghazi|\
Tunis|Algiers|Rabat|Casablanca|Khartoum|Addis Ababa|Nairobi|Mogadishu|Kampala|Kigali|\
Dar es Salaam|Lagos|Abuja|Accra|Dakar|Bamako|Niamey|Kinshasa|Luanda|Harare|Lusaka|Johannesburg|\
Pretoria|Cape Town|Durban|Kabul|Kandahar|Islamabad|Karachi|Lahore|New Delhi|Delhi|Mumbai|\
Bombay|Kolkata|Chennai|Bangalore|Bengaluru|Hyderabad|Dhaka|Kathmandu|Colombo|Beijing|Shanghai|\
Guangzhou|Shenzhen|Wuhan|Chongqing|Tianjin|Hangzhou|Macau|Taipei|Tokyo|Osaka|Kyoto|Hiroshima|\
Fukushima|Okinawa|Seoul|Busan|Pyongyang|Hanoi|Ho Chi Minh City|Saigon|Bangkok|Phnom Penh|\
Vientiane|Yangon|Naypyidaw|Kuala Lumpur|Jakarta|Bali|Manila|Sydney|Melbourne|Brisbane|Perth|\
Adelaide|Canberra|Auckland|Wellington|Christchurch|Ulaanbaatar|Astana|Almaty|Tashkent|Bishkek|\
Dushanbe|Ashgabat|Sochi|Minsk|Croydon";

/// Continents, seas and world regions.
const REGIONS: &str = "\
Europe|Asia|Africa|North America|South America|Latin America|Central America|Middle East|\
Near East|Far East|Central Asia|South Asia|Southeast Asia|East Asia|Eastern Europe|\
Western Europe|Central Europe|Northern Europe|Southern Europe|Balkans|Caucasus|Scandinavia|\
Arctic|Antarctica|Antarctic|Pacific|Atlantic|Indian Ocean|Mediterranean|Black Sea|Red Sea|\
Baltic|Baltic Sea|Caspian Sea|South China Sea|East China Sea|Persian Gulf|Gulf of Mexico|\
Caribbean|Sahel|Horn of Africa|Sub-Saharan Africa|West Africa|East Africa|North Africa|\
Midwest|Deep South|New England|Pacific Northwest|Gulf Coast|Sinai|Golan Heights|Strait of Hormuz|\
Taiwan Strait|Korean Peninsula|Eurasia|Oceania|Amazon|Himalayas|Alps|Sahara";

/// International bodies, US and other government bodies, parties and
/// armed groups: `Canonical|alias|...`, one per line.
const ORGANIZATIONS: &str = "\
United Nations|UN|U.N.
UN Security Council|U.N. Security Council|Security Council
UN General Assembly|General Assembly
North Atlantic Treaty Organization|NATO|Nato
European Commission
European Parliament
European Council
European Central Bank|ECB
International Monetary Fund|IMF
World Bank
World Health Organization|WHO
World Trade Organization|WTO
International Criminal Court|ICC
International Court of Justice|ICJ
International Atomic Energy Agency|IAEA
Organization of the Petroleum Exporting Countries|OPEC
Group of Seven|G7|G-7
Group of 20|G20|G-20
African Union|AU
Arab League
Red Cross|International Committee of the Red Cross|ICRC
Amnesty International
Human Rights Watch
Doctors Without Borders|MSF
Federal Bureau of Investigation|FBI|F.B.I.
Central Intelligence Agency|CIA|C.I.A.
National Security Agency|NSA|N.S.A.
Department of Homeland Security|DHS|Homeland Security
Department of Justice|DOJ|Justice Department
Department of Defense|DOD|DoD|Defense Department|Pentagon
Department of War|War Department
Department of State|State Department
Department of the Treasury|Treasury Department|Treasury
Securities and Exchange Commission|SEC
Federal Reserve|Fed
Internal Revenue Service|IRS
Environmental Protection Agency|EPA
Federal Aviation Administration|FAA
Food and Drug Administration|FDA
Centers for Disease Control and Prevention|CDC
NASA
Supreme Court|U.S. Supreme Court|US Supreme Court
Congress|U.S. Congress|US Congress
Senate|U.S. Senate|US Senate
House of Representatives|U.S. House|US House
White House
Kremlin
Downing Street
Élysée|Elysee|Élysée Palace|Elysee Palace
Bundestag
Knesset
Duma|State Duma
Parliament
Democratic Party|Democrats|DNC|Democratic National Committee
Republican Party|Republicans|GOP|RNC|Republican National Committee
Labour Party|Labour
Conservative Party|Conservatives|Tories
Liberal Democrats|Lib Dems
Scottish National Party|SNP
Communist Party
Hamas
Hezbollah|Hizbollah
Houthis|Houthi
Taliban
Islamic State|ISIS|ISIL
al-Qaeda|al Qaeda|Al Qaeda|Al-Qaeda
Wagner Group|Wagner
Kyiv Independent
Foundation for Defense of Democracies|FDD
";

/// News outlets and agencies: `Canonical|alias|...`, one per line.
const OUTLETS: &str = "\
CNN|CNN International
Associated Press|AP|The Associated Press|A.P.
Reuters|Thomson Reuters
Agence France-Presse|AFP|Agence France Presse
PA Media|PA|Press Association|PA Wire
BBC|BBC News|British Broadcasting Corporation
The New York Times|New York Times|NYT|N.Y. Times|NY Times|the Times
The Washington Post|Washington Post|WaPo
The Wall Street Journal|Wall Street Journal|WSJ
Financial Times|The Financial Times|FT
Bloomberg|Bloomberg News
Politico|POLITICO
Axios
Fox News|Fox|Fox News Channel
NBC News|NBC
ABC News|ABC
CBS News|CBS|CBS News Radio
MSNBC
NPR|National Public Radio
PBS|PBS NewsHour
CNBC
The Guardian|Guardian
The Times of London|The Times
The Telegraph|Telegraph|Daily Telegraph
The Independent
Daily Mail|Mail Online|MailOnline
The Sun
The Economist|Economist
Sky News
Al Jazeera|Al-Jazeera
The Hill
Newsweek
Time magazine
USA Today
Los Angeles Times|LA Times|L.A. Times
Chicago Tribune
The Atlantic
The New Yorker|New Yorker
Vox
BuzzFeed News|BuzzFeed
HuffPost|Huffington Post
Breitbart|Breitbart News
The Daily Beast|Daily Beast
Semafor
Punchbowl News
The Intercept
ProPublica
Der Spiegel|Spiegel
Le Monde
Le Figaro
El País|El Pais
Bild
Deutsche Welle|DW
Euronews
Interfax
TASS
RIA Novosti|RIA
RT|Russia Today
Sputnik
Xinhua
Yonhap
Kyodo|Kyodo News
NHK
Haaretz
The Times of Israel|Times of Israel
Ukrainska Pravda
Kyiv Post
Axel Springer
Voice of America|VOA
Radio Free Europe|RFE/RL
Dow Jones
ESPN
Variety
Rolling Stone
";

/// Platforms posts are made on: `Canonical|alias|...`.
const PLATFORMS: &str = "\
X|X.com
Twitter
Truth Social
Facebook
Instagram
Telegram
TikTok
YouTube
Threads
Bluesky
Weibo
WeChat
LinkedIn
Reddit
Substack
";

pub(crate) struct Gazetteer {
    map: HashMap<String, Entry>,
    /// The most words of any key.
    pub max_words: usize,
}

/// The lookup key of a name: its words lower-cased, periods dropped,
/// joined by single spaces ("U.S." → "us", "St. Louis" → "st louis").
pub(crate) fn key_of(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        push_key_word(&mut out, word);
    }
    out
}

/// Appends a word to a key: lower case, without periods, with a curly
/// apostrophe read as a straight one.
pub(crate) fn push_key_word(out: &mut String, word: &str) {
    for c in word.chars() {
        match c {
            '.' => {}
            '’' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

fn build() -> Gazetteer {
    let mut map: HashMap<String, Entry> = HashMap::with_capacity(2048);
    let mut max_words = 1;
    let mut add = |name: &'static str, canonical: &'static str, kind: GazKind| {
        let key = key_of(name);
        if key.is_empty() {
            return;
        }
        max_words = max_words.max(key.split(' ').count());
        let caps = name.len() <= 6 && !name.chars().any(char::is_lowercase);
        // The first list a name is in wins: outlets and organizations are
        // added before places that share a word ("Washington Post").
        map.entry(key).or_insert(Entry {
            kind,
            canonical,
            caps,
        });
    };
    for (list, kind) in [
        (OUTLETS, GazKind::Outlet),
        (PLATFORMS, GazKind::Platform),
        (ORGANIZATIONS, GazKind::Organization),
    ] {
        for line in list.lines().filter(|l| !l.is_empty()) {
            let canonical = line.split('|').next().unwrap_or(line);
            for name in line.split('|') {
                add(name, canonical, kind);
            }
        }
    }
    for line in COUNTRIES.lines().filter(|l| !l.is_empty()) {
        let (names, demonyms) = line.split_once(';').unwrap_or((line, ""));
        let canonical = names.split('|').next().unwrap_or(names);
        for name in names.split('|') {
            add(name, canonical, GazKind::Country);
        }
        for d in demonyms.split('|').filter(|d| !d.is_empty()) {
            add(d, canonical, GazKind::Demonym);
            // "Ukrainians", "Israelis".
            if d.ends_with('n') || d.ends_with('i') {
                add(
                    Box::leak(format!("{d}s").into_boxed_str()),
                    canonical,
                    GazKind::Demonym,
                );
            }
        }
    }
    for (list, kind) in [
        (STATES, GazKind::State),
        (CITIES, GazKind::City),
        (REGIONS, GazKind::Region),
    ] {
        for name in list.split('|') {
            add(name, name, kind);
        }
    }
    for d in [
        "Arab",
        "Arabs",
        "Asian",
        "African",
        "Latino",
        "Hispanic",
        "Kurdish",
        "Kurds",
        "Persian",
        "Western",
        "Chechen",
        "Crimean",
        "Texan",
        "Californian",
        "New Yorker",
    ] {
        add(d, d, GazKind::Demonym);
    }
    Gazetteer { map, max_words }
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(build);

pub(crate) fn get() -> &'static Gazetteer {
    &GAZETTEER
}

impl Gazetteer {
    /// The entry for a key made by [`key_of`] or [`push_key_word`].
    pub fn lookup(&self, key: &str) -> Option<&Entry> {
        self.map.get(key)
    }

    /// The entry of `surface` (the text as written), checking that a
    /// capitals-only name is written in capitals.
    pub fn find(&self, key: &str, surface: &str) -> Option<&Entry> {
        let surface = crate::tokens::without_possessive(surface);
        self.lookup(key)
            .filter(|e| !e.caps || !surface.chars().any(char::is_lowercase))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_share_a_canonical_name() {
        let g = get();
        for (name, canonical) in [
            ("U.S.", "United States"),
            ("US", "United States"),
            ("America", "United States"),
            ("Britain", "United Kingdom"),
            ("Kiev", "Kiev"),
            ("Washington Post", "The Washington Post"),
            ("per", ""),
        ] {
            let key = key_of(name);
            let got = g.find(&key, name).map(|e| e.canonical).unwrap_or("");
            assert_eq!(got, canonical, "{name}");
        }
        assert!(g.find("us", "us").is_none(), "a pronoun is not the US");
        assert_eq!(g.find("russian", "Russian").unwrap().kind, GazKind::Demonym);
        assert_eq!(
            g.find("fbi", "F.B.I.").unwrap().canonical,
            "Federal Bureau of Investigation"
        );
        assert!(g.max_words >= 5);
    }
}
