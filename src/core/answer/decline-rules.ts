/**
 * Questions Lantern declines, kept as reviewable data: each rule has an id (logged instead of the question), a
 * category that picks the caring refusal, and patterns matched against the normalised question (lower case, accents
 * removed, leetspeak decoded; see `normalizeQuestion`). A pattern entry that is an array matches only when all of its
 * regexes match.
 *
 * Method, means and lethality questions are declined in every framing (statistics, fiction, "for a friend",
 * "hypothetically", research), as clinicians rate them the highest risk.
 * Policy: method, means, lethality and dose questions are never answered, in any framing (statistics, fiction, "for a
 * friend"), and every refusal is warm and carries a resource.
 */

export const DECLINE_CATEGORIES = [
  'suicide_method',
  'lethal_means',
  'personal_dosing',
  'diagnosis',
  'buying_drugs',
  'interactions',
  'homework',
  'mass_mention',
] as const;
export type DeclineCategory = (typeof DECLINE_CATEGORIES)[number];

export type RulePattern = RegExp | readonly RegExp[];

export interface DeclineRule {
  id: string;
  category: DeclineCategory;
  /** Attach crisis resources to the refusal: someone asking this may be at risk, whatever the framing. */
  riskImplied: boolean;
  patterns: readonly RulePattern[];
}

const rx = (source: string) => new RegExp(source);

/** Suicide as a noun or verb, with common misspellings and other languages. Deliberately not "suicidal". */
const SUICIDE = String.raw`(?:\bsu[iy]?[cs]{1,2}[iy]?d(?:e|es|io|ios|arse|arme|er|e-?ing)?\b|suizid\w*|selbstmord\w*|zelfmoord\w*)`;
const REFLEXIVE = String.raw`(?:my|your|ur|yo|him|her|them|our|one|it)?\s?(?:self|selves|selfs)\b(?! off| some slack| short| up)`;
const SELF_HARM_VERB = String.raw`(?:ki+l+(?:s|ing|ed)?|off(?:ing)?|hang(?:s|ing|ed)?|shoot(?:s|ing)?|poison(?:s|ing)?|drown(?:s|ing)?|suffocate|suffocating|electrocute|overdose|od|harm|hurt|cut|bleed|starve|gas)`;
const END_LIFE = String.raw`(?:end(?:s|ing)?|take|taking|takes) (?:my|his|her|their|one'?s|your|a|our) (?:own )?li(?:fe|ves)`;
const SELF_KILLING = String.raw`(?:${SELF_HARM_VERB} ${REFLEXIVE}|${END_LIFE}|commit(?:s|ting|ted)? ${SUICIDE}|${SUICIDE} (?:by|with|using)|end it all\b|end (?:it|things) (?:all|for good|forever|tonight|now)\b|\bkms\b|unalive)`;
const DEATH = String.raw`(?:die|dying|death|dead|not wake up|never wake up|${SUICIDE}|${SELF_KILLING})`;
/** Words that turn a "how … suicide" question into a help-seeking one; they may not appear inside a method match. */
const HELPING = String.raw`(?:help|support|stop|prevent|talk|save|cope|deal|tell|know|notice|recogni|respond|react|reach|comfort|convince|ask|warn|sign|feel|handle|live|grieve|explain|understand|why|after|survivor|bereave|friend who|someone who|loved one who|not |ayud|apoy|ajud|apoi|aider|helfen|aiut|helpen|preven|evitar|hablar|falar|parler|reden|parlare|praten)`;
/** Up to `n` characters of one sentence that contain none of the helping words. */
const span = (n: number) => String.raw`(?:(?!${HELPING})[^.?!]){0,${n}}?`;
const METHOD_NOUN = String.raw`(?:methods?|means|ways?|techniques?|options?|ropes?|noose|guns?|firearms?|pistols?|rifles?|poisons?|pills?|tablets?|drugs?|medications?|meds|overdoses?|hanging|jumping|bridges?|buildings?|heights?|cliffs?|trains?|knife|knives|blades?|razors?|gas|helium|carbon monoxide|exhaust|charcoal|bleach|cyanide|chemicals?|weapons?|substances?)`;
/** Physical means (not medicines, which the dose rules cover, nor "ways", which help questions use). */
const MEANS_NOUN = String.raw`(?:methods?|ropes?|noose|guns?|firearms?|pistols?|rifles?|poisons?|hanging|jumping|bridges?|buildings?|heights?|cliffs?|trains?|knife|knives|blades?|razors?|gas|helium|carbon monoxide|exhaust|charcoal|bleach|cyanide|chemicals?|weapons?)`;
const DRUG = String.raw`(?:ket|ketamine|special k|esketamine|spravato|antidepressants?|ssris?|snris?|sertraline|zoloft|fluoxetine|prozac|escitalopram|lexapro|citalopram|paroxetine|venlafaxine|bupropion|wellbutrin|lithium|benzos?|xanax|valium|diazepam|alprazolam|sleeping pills?|opioids?|tramadol|oxy\w*|fentanyl|insulin|tylenol|paracetamol|acetaminophen|ibuprofen|aspirin|amitriptyline|trazodone|mirtazapine|quetiapine|seroquel|pills?|tablets?|meds|medications?|drugs?)`;

/** What may interact with a medicine: other medicines, alcohol, recreational drugs, supplements. */
const SUBSTANCE = String.raw`(?:alcohol|drinking|drinks?|booze|beers?|wine|weed|cannabis|marijuana|thc|cbd|st\.? ?john'?s wort|supplements?|melatonin|caffeine|energy drinks?|adderall|adhd meds|birth control|the pill|painkillers|${DRUG})`;

export const DECLINE_RULES: readonly DeclineRule[] = [
  {
    id: 'method.how-to',
    category: 'suicide_method',
    riskImplied: true,
    patterns: [
      rx(
        String.raw`\bhow (?:to|do|does|did|would|could|can|should|might|is|are|people|someone|one|i|you|they|a)\b${span(60)}\b${SELF_KILLING}`,
      ),
      rx(
        String.raw`\bhow long (?:does it|would it|will it|to|until|before|can)\b[^.?!]{0,40}\b(?:die|death|dead|bleed|pass out|suffocat\w*|lose consciousness)`,
      ),
      rx(
        String.raw`\b(?:does|would|will|is) (?:hanging|drowning|jumping|an overdose|overdosing|bleeding out|shooting yourself|suffocation|poisoning)\b[^.?!]{0,20}\b(?:hurt|painful|painless|quick|fast|work|kill|fatal|lethal)`,
      ),
      rx(
        String.raw`\b(?:instructions?|steps?|guide|tutorial|tips?)\b[^.?!]{0,20}\b(?:for|to|on)\b[^.?!]{0,20}\b(?:${SUICIDE}|${SELF_KILLING})`,
      ),
      rx(
        String.raw`\bwhere (?:to|can|could|should|do|would)\b${span(30)}\b(?:jump off|jump from|${SELF_KILLING})`,
      ),
      rx(
        String.raw`\b(?:best|good|ideal|right|perfect|high enough|tall enough|easiest) (?:place|spot|bridge|building|height|cliff|location|time)s? (?:to|for) (?:jump|die|end it|${SELF_KILLING})`,
      ),
      rx(
        String.raw`\bhow (?:high|tall|far|deep)\b[^.?!]{0,50}\b(?:die|kill|fatal|lethal|deadly|survive|death)`,
      ),
    ],
  },
  {
    id: 'method.superlative',
    category: 'suicide_method',
    riskImplied: true,
    patterns: [
      rx(
        String.raw`\b(?:most|least|best|easiest|easy|quickest|quick|fastest|fast|painless|pain free|surest|sure|simplest|reliable|effective|peaceful|guaranteed|fool ?proof|cleanest|lethal|deadliest|deadly|gentlest|certain)\b[^.?!]{0,25}\b(?:ways?|methods?|means|options?|techniques?|how)\b${span(40)}\b(?:to die|of dying|${DEATH})`,
      ),
      rx(
        String.raw`\b(?:least painful|most painless|painless|quickest|easiest|fastest|peaceful|gentlest|best) (?:way|method) to go\b(?! about| through| back| to| on| out| home)`,
      ),
      rx(
        String.raw`\b(?:painless|pain free|peaceful|quick|quickest|easy|easiest|fast|fastest|gentle)\b (?:${SUICIDE}|death|way out|exit|dying)`,
      ),
      rx(
        String.raw`\b(?:${METHOD_NOUN}) (?:is|are|would be|works?) (?:the )?(?:most|least|best|quickest|fastest|surest|easiest)\b[^.?!]{0,30}\b(?:die|death|${SUICIDE}|kill|lethal|painless|painful)`,
      ),
    ],
  },
  {
    id: 'method.statistics',
    category: 'suicide_method',
    riskImplied: true,
    patterns: [
      [
        rx(
          String.raw`\b(?:which|what|most common|leading|top|main|rank\w*|list|compare|comparison|percent\w*|proportion|share|how many)\b${span(40)}\b${MEANS_NOUN}\b`,
        ),
        rx(
          String.raw`\b(?:${SUICIDE}|completed|lethal\w*|fatal\w*|deadl\w*|kill\w*|die|dying|death rate|case fatality|success rate)`,
        ),
      ],
      rx(
        String.raw`\b(?:highest|higher|greatest|best|top|most|lowest|ranked)\b[^.?!]{0,30}\b(?:success|fatality|fatal|lethality|lethal|death|mortality|completion|kill) rates?\b[^.?!]{0,40}\b(?:${SUICIDE}|attempts?|method|means)`,
      ),
      rx(String.raw`${SUICIDE} (?:methods?|means|techniques?)\b`),
      rx(
        String.raw`\b(?:methods?|means|ways?|techniques?) (?:of|for|to) (?:${SUICIDE}|self[- ]?harm|killing (?:yourself|oneself|myself|themselves))(?! prevention| risk| awareness| hotline| rates?\b)`,
      ),
      rx(
        String.raw`\b(?:${SUICIDE}|deaths?)\b[^.?!]{0,20}\b(?:by|from|using|involv\w*) (?:firearms?|guns?|hanging|poison\w*|overdoses?|pills|jumping|suffocation|drowning|method)`,
      ),
    ],
  },
  {
    id: 'method.fiction-or-hypothetical',
    category: 'suicide_method',
    riskImplied: true,
    patterns: [
      [
        rx(
          String.raw`\b(?:story|novel|book|character|fiction|screenplay|script|game|roleplay|role play|hypothetical\w*|theoretical\w*|in theory|for research|research purposes|asking for a friend|for a friend|curious|just wondering|thought experiment)\b`,
        ),
        rx(
          String.raw`\b(?:how|which|what|best|quickest|painless|method|way|dose|amount|realistic)\b${span(60)}\b(?:${SELF_KILLING}|die|${SUICIDE}|overdose|lethal|fatal)`,
        ),
      ],
    ],
  },
  {
    id: 'means.lethal-dose',
    category: 'lethal_means',
    riskImplied: true,
    patterns: [
      rx(
        String.raw`\b(?:lethal|fatal|deadly|toxic|killing|overdose|od|poisonous) (?:doses?|dosages?|amounts?|quantit\w+|levels?|limits?|thresholds?|number of pills)`,
      ),
      rx(
        String.raw`\bhow (?:much|many)\b[^.?!]{0,60}\b(?:to|would|will|could|can|does it take to|before|until|is|are|it takes to|enough to|needed to)\b[^.?!]{0,25}\b(?:kill|die|dying|od|overdose|fatal|lethal|deadly|stop (?:the|your|my|a) heart|not wake|never wake|${SELF_KILLING})`,
      ),
      rx(
        String.raw`\b(?:doses?|dosages?|amounts?|quantit\w+|number of (?:pills|tablets))\b[^.?!]{0,30}\b(?:that|which|to|would|will|could|needed to|enough to|it takes to)\b[^.?!]{0,15}\b(?:kill|die|be fatal|be lethal|od|overdose|stop (?:the|your|my|a) heart)`,
      ),
      rx(
        String.raw`\b(?:overdose|overdosing|od|die|dying) (?:on|from|of) (?:taking |an? |too (?:much|many) |a bottle of |all (?:my|the|of my) )?${DRUG}\b`,
      ),
      rx(
        String.raw`\b(?:too many|a whole bottle of|whole bottle|all of my|all my) (?:${DRUG})\b[^.?!]{0,30}\b(?:die|kill|happen|fatal|lethal|dead)`,
      ),
      rx(
        String.raw`\bwhat (?:happens|would happen|will happen|happened) if (?:you|i|someone|somebody|a person|people|he|she|they) (?:takes?|took|swallows?|swallowed|drinks?|drank) (?:a whole bottle|a bottle|all|too many|too much|an entire|a lot of|a handful)`,
      ),
      rx(
        String.raw`\b(?:mix|combine|mixing|combining|take|taking)\b[^.?!]{0,40}\b(?:to (?:die|kill|not wake|overdose)|lethal|fatal|deadly combination)`,
      ),
    ],
  },
  {
    id: 'means.other-languages',
    category: 'suicide_method',
    riskImplied: true,
    patterns: [
      rx(
        String.raw`\b(?:como|forma|formas|manera|maneras|metodo|metodos|modo|jeito|maneira)\b${span(40)}\b(?:suicidar(?:me|se|te)?|matar(?:me|se|te)|me matar|se matar|quitar(?:me|se) la vida|tirar a (?:minha|propria) vida)`,
      ),
      rx(
        String.raw`\b(?:forma|manera|metodo|modo|maneira|jeito)s? (?:mas|mais) (?:facil|rapida|rapido|indolora|indoloro|segura|seguro|efectiva|eficaz)\b[^.?!]{0,30}\b(?:morir|morrer|suicid\w*|matar\w*)`,
      ),
      rx(
        String.raw`\b(?:dosis|dose|dosi) (?:letal|letale|letales|mortal|mortale|mortel|mortelle|letais|fatal)`,
      ),
      rx(
        String.raw`\b(?:cuantas|cuantos|quantas|quantos|combien de|wie viele|quante|hoeveel)\b[^.?!]{0,40}\b(?:morir|morrer|matar\w*|mourir|tuer|sterben|todlich|tod|morire|uccider\w*|dood|doodgaan)`,
      ),
      rx(
        String.raw`\b(?:comment|facon|moyen|methode|maniere)s?\b${span(40)}\b(?:me suicider|se suicider|me tuer|se tuer|en finir)`,
      ),
      rx(
        String.raw`\bwie\b${span(40)}\b(?:mich|sich|dich) (?:\w+ )?(?:umbringen|umzubringen|toten|das leben nehmen)`,
      ),
      rx(
        String.raw`\b(?:schmerzlos\w*|schnellste\w*|einfachste\w*|sicherste\w*)\b[^.?!]{0,30}\b(?:sterben|tod|suizid\w*|selbstmord\w*|umbringen|umzubringen)`,
      ),
      rx(String.raw`\b(?:todliche|letale) (?:dosis|menge)`),
      rx(
        String.raw`\bcome\b${span(30)}\b(?:suicidarmi|suicidarsi|uccidermi|uccidersi|togliermi la vita|farla finita)`,
      ),
      rx(
        String.raw`\bhoe\b${span(30)}\b(?:zelfmoord plegen|pleeg ik zelfmoord|mezelf (?:van kant maken|doden|ombrengen))`,
      ),
      rx(String.raw`\b(?:dodelijke|letale) dosis`),
    ],
  },
  {
    id: 'dosing.personal-amount',
    category: 'personal_dosing',
    riskImplied: false,
    patterns: [
      rx(
        String.raw`\bhow (?:much|many)\b[^.?!]{0,50}\b(?:should|do|can|could|would|must|shall) (?:i|we) (?:take|use|start (?:on|with)|be on|microdose|dose)\b`,
      ),
      rx(
        String.raw`\b(?:what|which) (?:dose|dosage|strength|mg|milligrams?)\b[^.?!]{0,40}\b(?:should i|do i|for me|would i|is right for me|is best for me|should my|can i|for my)\b`,
      ),
      rx(String.raw`\bwhat (?:should|would) my (?:dose|dosage) be`),
      rx(String.raw`\b(?:right|correct|best|safe|ideal|good) (?:dose|dosage|amount)\b[^.?!]{0,20}\bfor me\b`),
      rx(
        String.raw`\b(?:can|should|could|may|shall|is it ok (?:if|to)|is it okay (?:if|to)|is it safe (?:if|to)|do i need to) (?:i )?(?:double|triple|halve|increase|decrease|up|raise|lower|reduce|cut|split|skip|stop|quit|change|adjust|taper|come off|go off|get off|go up|go down|move up|bump|wean)\b(?:(?!stigma|shame|fear|worr|anxi|risk|feel)[^.?!]){0,40}?\b(?:my|the) (?:dose|dosage|doses|meds|medication|medicine|pills|prescription|${DRUG})`,
      ),
      rx(String.raw`\b(?:should|can) i (?:go|move|switch|bump|step) (?:up|down) (?:to|from)\b`),
      // Changing a dose on one's own: "i wanna up it myself", "stop my meds without telling my doctor".
      rx(
        String.raw`\b(?:up|raise|lower|increase|decrease|double|change|stop|skip|quit|cut) (?:it|them|my dose|the dose|my dosage|my meds|my medication|my pills|my ${DRUG})\b[^.?!]{0,12}\b(?:myself|on my own|by myself|without (?:asking|telling|checking with) (?:my |the )?(?:doctor|doc|psychiatrist|psych|prescriber|gp))`,
      ),
      rx(
        String.raw`\b(?:prescribe me|can you prescribe|could you prescribe|will you prescribe|would you prescribe|write me a prescription|give me a prescription|recommend (?:me )?a dose|dose me)\b`,
      ),
      rx(
        String.raw`\b(?:how (?:much|often)|what dose)\b[^.?!]{0,40}\b(?:microdos\w*|to get high|for a trip|k-?hole|recreational\w*)`,
      ),
      rx(String.raw`\b(?:cuant[oa]s?|que dosis)\b[^.?!]{0,40}\b(?:debo|deberia|tengo que|puedo) tomar`),
      rx(String.raw`\bcombien\b[^.?!]{0,40}\b(?:dois-je|je dois|devrais-je|je devrais|puis-je) prendre`),
      rx(String.raw`\bwie ?viel\w*\b[^.?!]{0,40}\b(?:soll|sollte|darf|kann) ich\b[^.?!]{0,20}\bnehmen`),
    ],
  },
  {
    id: 'diagnosis.self',
    category: 'diagnosis',
    riskImplied: false,
    patterns: [
      rx(
        String.raw`\b(?:do|could|might|may|would) i (?:have|suffer from|be suffering from|have got|qualify for)\b(?: (?:a|an|clinical|major|severe|mild|some|the|real|treatment resistant|high functioning))* (?:depression|depressive|bipolar|bpd|adhd|anxiety|ptsd|ocd|schizo\w*|psychosis|mental (?:illness|disorder|health (?:condition|problem|issue))|mdd|dysthymia|seasonal affective|sad\b|burnout|a disorder|a (?:mental )?condition)`,
      ),
      rx(
        String.raw`\bam i\b(?: \w+){0,3}? (?:depressed|bipolar|mentally ill|psychotic|manic|autistic|schizophrenic|clinically \w+)\b`,
      ),
      rx(
        String.raw`\b(?:diagnose me|diagnosis for me|(?:give|make) me a diagnosis|self[- ]?diagnos\w*|what(?: i|')?s wrong with me|what is wrong with me|test me for|assess me|screen me)\b`,
      ),
      rx(
        String.raw`\bdo you think i(?:'m| am| have| might have| could have| may have)\b[^.?!]{0,20}\b(?:depress\w*|bipolar|a disorder|mental\w*|adhd|anxiety|ptsd)`,
      ),
      rx(
        String.raw`\bis (?:this|what i(?:'m| am) feeling|my (?:sadness|mood)) (?:just |really |actually )?(?:depression|clinical depression|bipolar)\b`,
      ),
      rx(
        String.raw`\b(?:is|are|could|does) (?:this|these|my (?:symptoms?|feelings?|mood|sadness)|what i(?:'m| am) (?:feeling|going through))\b[^.?!]{0,20}\b(?:mean i have|sound like|be|a sign (?:that )?i have|count as)\b[^.?!]{0,20}\b(?:depression|bipolar|a disorder|clinical|mental illness)`,
      ),
      rx(
        String.raw`\b(?:tell me|let me know|say|decide|figure out|work out) (?:if|whether) i(?:'m| am| have| actually have| really have| actually am| really am| might have)\b[^.?!]{0,25}\b(?:depress\w*|bipolar|a disorder|mental illness|adhd|anxiety|ptsd)`,
      ),
      rx(String.raw`\b(?:tengo|tendre|sufro de)\b(?: \w+){0,2} depresion\s*\?`),
      rx(
        String.raw`\b(?:suis-je|est-ce que je suis|ai-je|est-ce que j'ai)\b[^.?!]{0,20}\b(?:depressi\w*|bipolaire)`,
      ),
      rx(String.raw`\b(?:habe ich|bin ich)\b[^.?!]{0,20}\b(?:depression\w*|depressiv\w*|bipolar)`),
    ],
  },
  {
    id: 'diagnosis.suicidal',
    category: 'diagnosis',
    riskImplied: true,
    patterns: [
      rx(String.raw`\bam i\b(?: \w+){0,3}? suicidal\b`),
      rx(String.raw`\bdo you think i(?:'m| am)\b[^.?!]{0,15}\bsuicidal`),
    ],
  },
  {
    id: 'interactions.medicines',
    category: 'interactions',
    riskImplied: false,
    patterns: [
      [rx(String.raw`\binteract\w*`), rx(String.raw`\b${DRUG}\b`)],
      rx(
        String.raw`\b(?:mix|mixing|combine|combining)\b[^.?!]{0,40}\b${DRUG}\b[^.?!]{0,30}\b(?:with|and)\b[^.?!]{0,15}\b${SUBSTANCE}`,
      ),
      rx(
        String.raw`\b(?:mix|mixing|combine|combining)\b[^.?!]{0,40}\b${SUBSTANCE}\b[^.?!]{0,30}\b(?:with|and)\b[^.?!]{0,15}\b${DRUG}\b`,
      ),
      rx(
        String.raw`\b(?:drink|drinking|smoke|smoking|get drunk|getting drunk|get high)\b[^.?!]{0,25}\b(?:on|while on|while taking|with|after taking)\b[^.?!]{0,15}\b${DRUG}\b`,
      ),
      rx(
        String.raw`\b(?:can|could|should|is it (?:ok|okay|safe|bad|dangerous)(?: to)?) (?:i |you )?(?:take|use|have)\b[^.?!]{0,30}\b(?:with|alongside|while on|while taking|on top of)\b (?:my |the |an? |some )?${SUBSTANCE}`,
      ),
    ],
  },
  {
    id: 'homework.write-for-me',
    category: 'homework',
    riskImplied: false,
    patterns: [
      rx(
        String.raw`\b(?:can|could|would|will|pls|please) (?:you|u|ya)?\s?(?:just )?(?:write|do|finish|make|complete)\b[^.?!]{0,30}\b(?:essay|homework|assignment|paper|coursework|report|project|thesis|dissertation|presentation|worksheet)s?\b`,
      ),
      rx(
        String.raw`\b(?:essay|homework|assignment|paper|coursework|project|worksheet)s?\b[^.?!]{0,40}\bdue (?:tomorrow|tmrw|tmr|tonight|today|friday|monday|tuesday|wednesday|thursday|saturday|sunday|next|in|by|on)\b`,
      ),
      rx(String.raw`\b(?:write|do) (?:me |my )?(?:an? |the )?\d{3,4}[- ]?words?\b`),
    ],
  },
  {
    id: 'spam.mass-mention',
    category: 'mass_mention',
    riskImplied: false,
    patterns: [
      rx(String.raw`@(?:everyone|here)\b`),
      rx(
        String.raw`\b(?:ping|tag|mention|dm|message|notify|spam)\b (?:everyone|everybody|all (?:the )?(?:members|users|people)|the (?:whole )?server)\b`,
      ),
      rx(
        String.raw`\b(?:advertise|promote|shill)\b[^.?!]{0,40}\b(?:server|channel|everyone|my (?:clinic|business|shop|page|channel))`,
      ),
    ],
  },
  {
    id: 'buying.drugs',
    category: 'buying_drugs',
    riskImplied: false,
    patterns: [
      rx(
        String.raw`\b(?:buy|buying|purchase|order|ordering|score|scoring|cop|get|getting|find|source|obtain|acquire)\b[^.?!]{0,40}\b${DRUG}\b[^.?!]{0,40}\b(?:without (?:a |an )?(?:prescription|script|rx|doctor|diagnosis)|no (?:prescription|script|rx)|illegal\w*|on the street|dark ?web|darknet|from a dealer|off the books|under the table)`,
      ),
      rx(
        String.raw`\b(?:buy|buying|purchase|order|ordering)\b[^.?!]{0,40}\b${DRUG}\b[^.?!]{0,40}\b(?:online|cheap|over the counter|in bulk)`,
      ),
      rx(
        String.raw`\b(?:buy|buying|purchase|order|ordering|cop|copping)\b[^.?!]{0,30}\b(?:ket|ketamine|special k|esketamine|spravato|k)\b`,
      ),
      rx(
        String.raw`\bwhere (?:can|do|could|to|should|would) (?:i |you |one |we )?(?:get|buy|find|score|cop|order|purchase|pick up) (?:some |any )?(?:ket|ketamine|special k|k)\b(?! (?:treatment|therapy|infusions?|clinics?|assisted|for depression))`,
      ),
      rx(
        String.raw`\b(?:dealer|plug|vendor|supplier|darknet|dark ?web|connect)\b[^.?!]{0,30}\b${DRUG}|\b${DRUG}\b[^.?!]{0,30}\b(?:dealer|plug|vendor|supplier|darknet|dark ?web)\b`,
      ),
      rx(
        String.raw`\b(?:donde|como)\b[^.?!]{0,20}\b(?:comprar|consigo|conseguir)\b[^.?!]{0,20}\b(?:ketamina|keta)\b`,
      ),
      rx(String.raw`\b(?:ou|comment)\b[^.?!]{0,20}\b(?:acheter|trouver)\b[^.?!]{0,20}\b(?:ketamine|keta)\b`),
      rx(String.raw`\bwo\b[^.?!]{0,20}\b(?:kaufen|bekomme|bestellen)\b[^.?!]{0,20}\bketamin`),
    ],
  },
];

/** A rule matches when any of its patterns does; an array pattern needs every regex in it. */
export function matchesRule(rule: DeclineRule, texts: readonly string[]): boolean {
  return rule.patterns.some((pattern) =>
    texts.some((text) => (isRegExp(pattern) ? pattern.test(text) : pattern.every((part) => part.test(text)))),
  );
}

function isRegExp(pattern: RulePattern): pattern is RegExp {
  return pattern instanceof RegExp;
}
