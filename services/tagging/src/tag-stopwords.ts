/**
 * Words that are never tags, in folded form (lower case, no diacritics, as `foldTerm` gives
 * them): French and English function words, auxiliaries and their common inflections, generic
 * reporting verbs, vague adverbs and adjectives, calendar words (days, months, "yesterday"),
 * numerals in words. Much larger than the query STOPWORDS of @archive/text: a query keeps its
 * words, a tag suggestion must not surface a word an editor would never file an article under.
 */

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

// French function words: articles, pronouns, prepositions, conjunctions, determiners.
const FRENCH_FUNCTION = words(`
  a au aux avec ce ceci cela celle celles celui ceux ces cet cette ci ca chez comme contre dans de des du elle elles en entre
  et eux il ils je la le les leur leurs lui ma mais me meme memes mes moi mon ne ni nos notre nous on ou par parmi pas pour
  qu que quel quelle quelles quels qui quoi sa sans se ses si son sous sur ta te tes toi ton tu un une unes uns vos votre vous
  y dont donc or car lors lorsque puisque quand afin ainsi alors apres avant aupres autour depuis derriere devant durant
  envers hormis hors jusque jusqu malgre outre pendant pres selon sauf vers via voici voila deja encore toujours jamais
  tres trop peu plus moins tant tout tous toute toutes autre autres aucun aucune chaque certains certaines certain certaine
  plusieurs quelque quelques tel telle tels telles ici la-bas partout ailleurs aussi egalement notamment surtout seulement
  meme pourtant cependant toutefois neanmoins puis ensuite enfin bientot desormais dorenavant aujourd'hui hier demain
  oui non lequel laquelle lesquels lesquelles duquel auquel auxquels auxquelles desquels desquelles soi-meme celle-ci
  celui-ci ceux-ci celles-ci cela-meme rien personne chacun chacune quiconque autrui plupart beaucoup assez environ
  presque quasi vraiment bien mal mieux pire tard tot souvent parfois longtemps aujourd hui aujourdhui ailleurs d l j m n s t c
  lui-meme elle-meme eux-memes elles-memes nous-memes vous-memes moi-meme toi-meme voire soit comment pourquoi combien
  ou-est tandis fois cas part lieu facon maniere sorte type effet rapport vis-a-vis travers suite cours sein face cote
  debut fin milieu veille lendemain propos sujet egard gre grace faute raison
`);

// French auxiliaries and very common verbs with their frequent inflections.
const FRENCH_VERBS = words(`
  etre suis es est sommes etes sont etais etait etions etiez etaient fus fut furent serai seras sera serons serez seront
  serais serait serions seriez seraient sois soit soyons soyez soient fusse fut ete etant
  avoir ai as avons avez ont avais avait avions aviez avaient eus eut eurent aurai auras aura aurons aurez auront aurais
  aurait aurions auriez auraient aie aies ait ayons ayez aient eu eue eues ayant
  faire fais fait faisons faites font faisait faisaient fera feront ferait feraient fasse fassent faite faits
  aller vais vas va allons allez vont allait allaient ira iront irait allee alle alles
  pouvoir peux peut pouvons pouvez peuvent pouvait pouvaient pourra pourront pourrait pourraient puisse puissent pu
  devoir dois doit devons devez doivent devait devaient devra devront devrait devraient du dus due dues
  vouloir veux veut voulons voulez veulent voulait voulaient voudra voudrait voudraient voulu
  savoir sais sait savons savez savent savait savaient saura saurait su
  falloir faut fallait faudra faudrait fallu
  venir viens vient venons venez viennent venait venaient viendra viendrait venu venue venus venues
  tenir tient tiennent tenait tenu prendre prend prennent prenait pris prise mettre met mettent mis mise
  donner donne donnent donnait donnera donne donnee donnes
  voir vois voit voient voyait vu vue vus verra
  dire dis dit disons dites disent disait disaient dira dirait dits dite
  declarer declare declarent declarait declares declaree affirmer affirme affirment affirmait affirmee
  indiquer indique indiquent indiquait indiquee expliquer explique expliquent expliquait
  annoncer annonce annoncent annoncait annoncee ajouter ajoute ajoutent ajoutait preciser precise precisent precisait
  estimer estime estiment estimait souligner souligne soulignent soulignait assurer assure assurent assurait
  rappeler rappelle rappellent rappelait rappele confier confie confient raconter raconte racontent
  reagir reagi reagit repondre repond repondent repondu evoquer evoque evoquent evoquait
  expliquer explique considerer considere juger juge jugent penser pense pensent croire crois croit croient cru
  sembler semble semblent semblait paraitre parait paraissent rester reste restent restait
  devenir devient deviennent devenu devenue passer passe passent passait trouver trouve trouvent trouvait
  permettre permet permettent permis laisser laisse laissent demander demande demandent demandait
  commencer commence commencent continuer continue continuent arriver arrive arrivent
  etre-la ya
`);

// French vague adjectives and adverbs a newsroom does not tag with.
const FRENCH_VAGUE = words(`
  nouveau nouvelle nouveaux nouvelles ancien ancienne anciens anciennes grand grande grands grandes petit petite petits
  petites premier premiere premiers premieres dernier derniere derniers dernieres second seconde prochain prochaine
  prochains prochaines seul seule seuls seules bon bonne bons bonnes mauvais mauvaise gros grosse haut haute bas basse
  long longue court courte vrai vraie faux fausse possible possibles important importante importants importantes
  different differente differents differentes meilleur meilleure principal principale principaux propre propres
  actuel actuelle actuellement recemment recent recente recents recentes deja entierement totalement completement
  particulierement notamment directement rapidement seulement simplement finalement largement fortement environ
  certes entre-temps desormais vers la-dessus dessus dessous plein pleine pleins pleines cher chere
  chose choses gens monsieur madame mme mm mr ms mrs dr
  prochainement auparavant tard deuxieme troisieme quatrieme cinquieme sixieme dixieme
`);

// Calendar words: days, months, relative dates, generic time units.
const FRENCH_TIME = words(`
  lundi mardi mercredi jeudi vendredi samedi dimanche
  janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
  jour jours journee journees semaine semaines mois an ans annee annees heure heures minute minutes seconde secondes
  matin soir soiree nuit midi apres-midi week-end weekend hier aujourd demain veille lendemain date dates
  siecle siecles decennie decennies epoque moment moments temps instant periode
`);

// French numerals in words.
const FRENCH_NUMBERS = words(`
  zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante
  cinquante soixante cent cents mille million millions milliard milliards moitie tiers quart dizaine dizaines centaine
  centaines millier milliers double triple
`);

const ENGLISH_FUNCTION = words(`
  a an the and or but nor so yet if then else than that this these those there here where when while whom whose who which
  what why how all any both each either neither every few many more most much other others some such no not only own same
  too very just also even still already again ever never always often sometimes perhaps maybe however therefore thus
  though although because since unless until upon whether about above across after against along amid among around as
  at before behind below beneath beside besides between beyond by despite down during except for from in inside into
  like near of off on onto out outside over past per plus round through throughout till to toward towards under
  underneath unlike up via with within without i me my mine myself we us our ours ourselves you your yours yourself
  yourselves he him his himself she her hers herself it its itself they them their theirs themselves one ones oneself
  s t d ll m re ve don doesn didn isn aren wasn weren hasn haven hadn won wouldn couldn shouldn can't cannot
  whatever whoever whichever wherever whenever somewhat somehow someone something somewhere anyone anything anywhere
  everyone everything everywhere nobody nothing nowhere none lot lots thing things way ways kind sort part instead
  rather quite almost nearly around mostly mainly largely really actually probably certainly clearly simply
  mr mrs ms dr st etc ie eg vs rep reps sen gov gen prof lt sgt col jr sr inc ltd co corp
  quot amp nbsp lsquo rsquo ldquo rdquo mdash ndash hellip
`);

const ENGLISH_VERBS = words(`
  be am is are was were been being have has had having do does did doing done will would shall should can could may
  might must ought get gets got gotten getting go goes went gone going come comes came coming make makes made making
  take takes took taken taking give gives gave given giving put puts putting let lets keep keeps kept see sees saw seen
  know knows knew known think thinks thought want wants wanted need needs needed use used uses using seem seems seemed
  say says said saying tell tells told telling ask asks asked add adds added added note notes noted claim claims claimed
  explain explains explained report reports reported reporting announce announces announced state states stated
  describe describes described suggest suggests suggested believe believes believed expect expects expected
  continue continues continued begin begins began begun start starts started include includes included including
  become becomes became look looks looked find finds found show shows showed shown try tries tried call calls called
  leave leaves left feel feels felt bring brings brought hold holds held mean means meant set sets turn turns turned
  according
`);

const ENGLISH_VAGUE = words(`
  new old big small large great good bad best better worst worse high low long short little first second third last
  next previous recent recently former latter early late later earlier major minor main important possible likely
  able certain sure different several various whole full real true false key top total general overall own such
  many much more most less least further further fresh current currently final finally following
  yes okay ok
`);

const ENGLISH_TIME = words(`
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
  january february march april may june july august september october november december jan feb mar apr jun jul aug
  sep sept oct nov dec
  day days week weeks weekend month months year years hour hours minute minutes second seconds today tomorrow yesterday
  tonight morning afternoon evening night time times date dates decade decades century centuries moment period ago
`);

const ENGLISH_NUMBERS = words(`
  zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
  eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million
  millions billion billions trillion half dozen dozens percent per cent
`);

/** Generic French -er verbs of news writing, with their frequent forms (present, past, participles). */
const FRENCH_ER_VERBS = words(`
  declar affirm annonc ajout precis expliqu soulign rappel indiqu estim deplor ecout lanc assur confi racont evoqu
  consider jug pens sembl rest pass trouv laiss demand commenc continu arriv montr port parl compt tent cherch entr
  jou donn chang tomb pos regard accept refus souhait reclam denonc reconn signal ajout not insist reagi
`).flatMap((stem) =>
  ['er', 'e', 'es', 'ent', 'ait', 'aient', 'a', 'at', 'erent', 'ee', 'ees', 'ant', 'era', 'eront', 'erait', 'eraient', 'ons', 'ez']
    .map((ending) => (stem.endsWith('c') && /^[aou]/.test(ending) ? `${stem.slice(0, -1)}c${ending}` : `${stem}${ending}`)),
);

// Other frequent verb forms of news writing (passé simple, participles of irregular verbs).
const FRENCH_VERB_FORMS = words(`
  prevu prevue prevus prevues prevoit prevoient prevoyait fit firent prit prirent mit mirent vint vinrent dut durent
  fut furent eut eurent put purent sut voulut dit dirent fallut parut parurent apparut devint obtint obtenu obtenue
  permit repondit reconnu reconnue intervenu intervenue survenu survenue compris comprise ouvert ouverte
`);

/** Regular English verbs of reporting, with -s, -ed, -ing forms. */
const ENGLISH_REPORTING = words(`
  insist warn urge deny admit agree argue confirm reveal respond reply remark mention declare indicate acknowledge
  happen seem appear remain decide plan hope fail manage
`).flatMap((verb) => [verb, `${verb}s`, `${verb}ed`, `${verb}d`, `${verb}ing`, `${verb.replace(/e$/, '')}ing`, `${verb.replace(/y$/, 'ied')}`, `${verb.replace(/y$/, 'ies')}`]);

/** Every word that must never be, nor start or end, a suggested tag (folded forms). */
export const TAG_STOPWORDS: ReadonlySet<string> = new Set([
  ...FRENCH_FUNCTION, ...FRENCH_VERBS, ...FRENCH_VAGUE, ...FRENCH_TIME, ...FRENCH_NUMBERS,
  ...FRENCH_ER_VERBS, ...FRENCH_VERB_FORMS,
  ...ENGLISH_FUNCTION, ...ENGLISH_VERBS, ...ENGLISH_REPORTING, ...ENGLISH_VAGUE, ...ENGLISH_TIME, ...ENGLISH_NUMBERS,
]);

/**
 * Function words that may link content words inside a phrase ("réforme des retraites",
 * "déclaration d'intérêts", "ministre de la Justice", "conflict of interest"), never at its ends.
 */
export const PHRASE_LINKS: ReadonlySet<string> = new Set(['de', 'du', 'des', 'd', 'a', 'au', 'aux', 'en', 'la', 'l', 'of']);

/** Adverbs recognised by their ending: English -ly ("extremely"), French -emment/-amment ("récemment"). */
const ADVERB = /ly$|(?:emm|amm)ent$/;
const NOT_ADVERB = /(?:mily|mbly|maly|poly|pply)$/;

/** Whether a folded term can never be a tag on its own. */
export function isTagStopword(term: string): boolean {
  return (
    TAG_STOPWORDS.has(term) ||
    !/\p{L}/u.test(term) ||
    /^\p{N}+(?:e|er|eme|st|nd|rd|th|s)?$/u.test(term) ||
    (term.length >= 7 && ADVERB.test(term) && !NOT_ADVERB.test(term))
  );
}
