import { describe, expect, test } from 'vitest';
import { createCrisisDetector } from '../../../src/core/crisis/detect-crisis.js';
import { parseLexicon } from '../../../src/core/crisis/lexicon-schema.js';
import { loadRealLexicon } from './load-real-lexicon.js';

const detect = createCrisisDetector(loadRealLexicon());

describe('createCrisisDetector with the shipped lexicon', () => {
  test.each([
    ['i want to end it all', 'crisis', 'self', 'direct.en.end_my_life'],
    ['i want to die', 'crisis', 'self', 'direct.en.want_to_die'],
    ['wanna die', 'crisis', 'self', 'direct.en.want_to_die'],
    ['im suicidal', 'crisis', 'self', 'direct.en.suicidal'],
    ['gonna kms', 'crisis', 'self', 'direct.en.kill_myself'],
    ['i wish i was dead', 'crisis', 'self', 'passive.en.wish_dead'],
    ["i don't want to wake up tomorrow", 'crisis', 'self', 'passive.en.not_wake_up'],
    ['everyone would be better off without me', 'crisis', 'self', 'passive.en.burden'],
    ['i have the pills ready', 'crisis', 'self', 'plan_means.en.pills'],
    ['i wrote my note', 'crisis', 'self', 'plan_means.en.note'],
    ['this is my last message', 'crisis', 'self', 'plan_means.en.goodbye'],
    ['i want to cut myself', 'crisis', 'self', 'self_harm.en.urge'],
    ["i need help i can't do this anymore", 'concern', 'self', 'help_seeking.en.cant_go_on'],
    ['my son is talking about suicide', 'concern', 'other', 'third_party.en.ideation'],
    ['my friend says she will kill herself tonight', 'crisis', 'other', 'third_party.en.imminent'],
    ['quiero morir', 'crisis', 'self', 'direct.es.quiero_morir'],
    ['je veux mourir', 'crisis', 'self', 'direct.fr.veux_mourir'],
    ['ich will sterben', 'crisis', 'self', 'direct.de.will_sterben'],
    ['quero morrer', 'crisis', 'self', 'direct.pt.quero_morrer'],
    ['||i w4nt t0 d1e||', 'crisis', 'self', 'direct.en.want_to_die'],
    ['s u i c i d a l', 'crisis', 'self', 'direct.en.suicidal'],
  ])('%j fires %s (%s) with %s', (text, level, subject, signal) => {
    const result = detect(text);
    expect(result.level).toBe(level);
    expect(result.subject).toBe(subject);
    expect(result.signals).toContain(signal);
  });

  test.each([
    ['this homework is killing me'],
    ['so much homework i just wanna kill myself'],
    ['im dead 😂'],
    ['dying of laughter'],
    ['kill the process then kill -9 it'],
    ['suicide squad was mid'],
    ['thinking about suicide squad 2'],
    ['cars with suicide doors'],
    ['killing it today'],
    ['this cake is to die for'],
    ['i died laughing'],
    ['my phone died'],
    ['dead tired'],
    ['in the book the character wants to kill himself'],
    ['what is the suicide rate in japan'],
    ['suicide prevention month'],
    ['what are the warning signs of suicide'],
    ["i used to want to die but i'm doing better now"],
    ['5 years since my attempt, still here'],
    ["i'm not suicidal"],
    ['i would never kill myself'],
    ['not that i want to die'],
    ['die'],
    ['kill'],
    ['suicide'],
    ['dead'],
    ['kys'],
  ])('%j does not fire', (text) => {
    expect(detect(text)).toMatchObject({ level: 'none', subject: 'unknown', signals: [] });
  });

  // Phrase families added after a blind evaluation set showed that the lexicon only knew its author's wording.
  test.each([
    [
      'no point in living, said many ways',
      [
        'i dont see the point in living anymore',
        "honestly don't see the point anymore",
        'theres no point to anything anymore',
      ],
    ],
    [
      'better off without me, with synonyms and conditionals',
      [
        'everyone would be happier without me',
        'my family would be fine if i was gone',
        'they would honestly be better off if i wasnt around anymore',
        'life gets easier for everyone once im gone',
        "i'd be doing them all a favor by disappearing",
      ],
    ],
    [
      'not waking up',
      [
        'i just wanna not wake up tomorrow',
        'i keep thinking about not waking up',
        'it would be so nice to never wake up',
      ],
    ],
    [
      'wishing to stop existing',
      ['i wish i didnt exist', 'wish i could just stop existing', 'i want to stop existing'],
    ],
    [
      'done, can not go on',
      [
        "i'm so done with everything",
        "can't do this anymore",
        'idk how much longer i can keep this up',
        "i'm tired of fighting",
      ],
    ],
    [
      'pills and means in context',
      [
        'just swallowed a bunch of pills',
        'i counted my pills again',
        'i have all my pills lined up',
        'googled how many it would take',
        'im gonna swallow everything in the medicine cabinet',
      ],
    ],
    [
      'places: bridge, roof, edge, tracks',
      [
        'im on the bridge rn',
        'standing at the edge right now',
        "i'm at the train tracks",
        "i'm on the roof and i keep looking down",
      ],
    ],
    [
      'goodbyes',
      [
        'this is goodbye',
        'see you all on the other side',
        "i won't be around much longer",
        "won't bother you guys much longer",
        'signing off forever',
        'nice knowing you all',
        "i'm not gonna make it through the night",
      ],
    ],
    [
      'self-harm urges and acts',
      [
        'i want to relapse so bad',
        'burned my arm with a lighter on purpose',
        'my cuts are getting deeper',
        'scratching my arms until they bleed',
        'sh again tonight',
      ],
    ],
    [
      'coded self-harm',
      ['how do i hide my cuts', 'wearing long sleeves in summer again', 'i relapsed last night'],
    ],
    [
      'slang with intent markers',
      ['unalive fr', 'kms and i mean it', 'sewerslide for real', 'feeling very sewerslide tonight'],
    ],
    [
      'voices and intrusive thoughts',
      [
        'my brain keeps telling me to die',
        'suicide is on my mind a lot lately',
        'every night i think about dying',
      ],
    ],
    ['emoji only with distress words', ['me rn 🔪🩸', 'i want to 💊 tonight', '💊💊 goodbye']],
    [
      'hopelessness',
      [
        "i don't really care what happens to me anymore",
        'death sounds like a relief honestly',
        'hoping something bad happens to me',
        "i can't see a future for myself",
        'no one cares if i live or die',
      ],
    ],
    [
      'help-seeking',
      [
        'is anyone up i can talk to',
        "i need help i'm not okay",
        "pls someone dm me i'm not safe",
        'i need to talk to someone before i do something stupid',
      ],
    ],
    [
      'third party',
      [
        'my bf says he doesnt want to live anymore',
        "my best friend told me she's been cutting",
        'my gf is talking about ending it',
        'my friend gave away all her stuff and said goodbye to everyone',
        'she told me she has a plan and its tonight',
      ],
    ],
    [
      'Spanish casual',
      [
        'ya no quiero estar aquí',
        'quiero desaparecer',
        'nadie me extrañaría',
        'mi amigo dijo que se quiere matar',
      ],
    ],
    [
      'French casual',
      [
        "j'en peux plus",
        'envie de disparaître',
        'je veux en finir',
        'je veux plus vivre',
        'jpense au suicide tout le temps',
        'personne ne me regretterait',
      ],
    ],
    [
      'German casual',
      [
        'ich kann nicht mehr',
        'ich will einfach nicht mehr leben',
        'will einfach verschwinden',
        'ich will nicht mehr',
        'hab mich wieder geritzt',
      ],
    ],
    [
      'Portuguese casual',
      [
        'não aguento mais essa vida',
        'quero sumir',
        'vou me matar',
        'ninguém sentiria minha falta',
        'todo mundo ficaria melhor sem mim',
      ],
    ],
    [
      'obfuscation the normaliser undoes',
      [
        'ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ',
        'ᴵ ʷᵃⁿᵗ ᵗᵒ ᵈⁱᵉ',
        'i want to killmyself',
        'i w a n t to die',
        'd!e d!e d!e is all my brain says',
      ],
    ],
  ])('%s: every variant fires', (_family, texts) => {
    for (const text of texts) expect(detect(text).level, text).not.toBe('none');
  });

  test.each([
    [
      'idioms near the new phrases',
      [
        'i hope i dont wake up late tomorrow',
        "i'm so hungry i could die",
        'whats the point of any of this paperwork',
        'tired of trying to fix this bug',
        'i have a plan for the project',
      ],
    ],
    [
      'everyday uses of goodbye and gone',
      [
        'she said goodbye and left for college',
        'signing off for the night',
        'bye everyone see you tomorrow',
        'see you on the other side of finals',
        "i won't be around this weekend, going camping",
      ],
    ],
    [
      'ending things that are not a life',
      ['im gonna end it all... by uninstalling valorant', 'thinking about ending things with my boyfriend'],
    ],
    [
      'cutting and scars that are not self-harm',
      [
        'cutting myself a slice of cake',
        'my friend is cutting class again',
        "she's cutting her hair short",
        'how do you hide scars from acne',
        'i cut my finger while cooking',
      ],
    ],
    [
      'plans and goodbyes that are errands',
      [
        "i won't be around tomorrow, family stuff",
        'i am not going to be here tomorrow, dentist appointment',
        'the pills are ready at the pharmacy',
        "i'm done with life admin for today",
        'whats the point of even trying in ranked',
      ],
    ],
    [
      'means words without intent',
      [
        'i took my pills this morning',
        'forgot my pills again',
        'got the rope for the tire swing',
        'looked up how much it would cost',
        "we're on the roof watching fireworks",
        "i'm at the train station, running late",
      ],
    ],
    [
      'burden words in a joke',
      ['everyone would be fine without me at the party tbh', "i'm a burden on my team in ranked lol"],
    ],
    [
      'recovery and reflection',
      [
        'used to think everyone would be better off without me. so glad i was wrong',
        '2 years clean from self harm today',
      ],
    ],
    [
      'questions about someone else',
      [
        'is it true that asking someone if theyre suicidal puts the idea in their head?',
        'how do i support someone who is suicidal',
      ],
    ],
    [
      'giving things away',
      ['she gave away all her old books', 'giving away all my stuff to charity before the move'],
    ],
    [
      'laughter in other languages',
      ['me muero de risa', 'je meurs de rire', 'ich sterbe vor lachen 😂', 'morrendo de rir'],
    ],
  ])('%s: no variant fires', (_family, texts) => {
    for (const text of texts) expect(detect(text).level, text).toBe('none');
  });

  test('an idiom elsewhere in the message does not hide a real signal', () => {
    expect(detect('this homework is killing me and honestly i want to die').level).toBe('crisis');
  });

  test('an informational question does not hide a first-person statement', () => {
    expect(detect('what is the suicide rate, i want to die')).toMatchObject({
      level: 'crisis',
      subject: 'self',
    });
  });

  test('a negation needs to be next to the phrase: "not ok" does not negate "i want to die"', () => {
    expect(detect("i'm not ok i want to die").level).toBe('crisis');
  });

  test('pseudo-negations are not negations', () => {
    expect(detect('not gonna lie i want to die').level).toBe('crisis');
  });

  test('the subject comes from the signals at the highest level', () => {
    expect(detect('my friend is suicidal and honestly i want to die too')).toMatchObject({
      level: 'crisis',
      subject: 'self',
    });
  });

  test('a first-person phrase inside a sentence about someone else counts for them, not for the writer', () => {
    expect(detect('my cousin posted that she wants to end it all')).toMatchObject({
      level: 'concern',
      subject: 'other',
      signals: ['third_party.en.ideation'],
    });
  });

  // Found by a review of this lexicon: real-risk messages shaped like the hyperbole and everyday exclusions. An
  // exclusion that swallows one of them is too broad, whatever it gains on the evaluation sets.
  test.each([
    "i'm going to kill myself this monday",
    'i want to kill myself work is unbearable and nobody cares',
    'i will kill myself if they cancel my surgery again',
    "i'll kill myself if i have to sit through another night of my dad screaming at us",
    'i want to kill myself why did i lose my job, my family is going to hate me',
    'lol kms i really mean it this time',
    'haha kms. nobody would even notice',
    "i can't do this anymore. work, money, my marriage, everything is falling apart",
    "i can't take it anymore, my test results came back and it's cancer",
    'i want to die because of what my client did to me last night',
    'i want to kill myself in the hotel lobby tonight so someone finds me fast',
    "i'm going to overdose on caffeine pills tonight",
    'battery at 3%, this is my last message ever',
    "i'm going to commit suicide into the sea tonight",
    'quiero matarme jaja no es broma',
    '"me voy a matar" es lo que pienso todas las noches',
    'quero morrer e o que mais me assusta é que eu tô calmo',
    'queria sumir da escola, de casa, do mundo inteiro',
    "je veux mourir qu'elle dit tous les soirs, ma fille a 14 ans, je sais pas quoi faire",
    "noticed fresh cuts on my friend's arms",
    'i took a handful of pills',
    'kms the pain is unbearable',
    'kms this time for real',
    'lol i might kill myself',
    'if i have to live one more day like this i will kill myself',
    'i want to kill myself for no reason',
    'i will kill myself if she ends things with me',
    'i am going to kill myself tonight for the last time',
    'goodbye forever to everyone here',
    'i have my pills lined up for the weekend',
    'i want to die my class laughed at me again',
    'i want to die 10 times a day',
    'me quiero matar hoy jaja',
    'i hope i never wake up for school again',
    'after the ending with my ex i want to die',
    'my alarm went off and i just want to die',
  ])('an exclusion never swallows real risk: "%s" fires', (text) => {
    expect(detect(text).level).not.toBe('none');
  });

  test.each([
    'kms this lag is unreal',
    'this homework makes me want to die lol',
    'so much homework i just wanna kill myself',
    'me quiero morir jajaja el profe me puso un 2',
    'goodbye forever to nappies!!! potty training is DONE',
    'got all my pills lined up for the week, finally found an organiser with slots',
    'wanna die rn, 12 losses in a row',
    'kms if i have to sit through one more all hands',
    "i'm gonna unalive myself if the tournament gets delayed again",
    'think i overdosed on garlic in this pasta',
    "hope i don't wake up my roommate",
    'im just gonna suicide into their backline',
  ])('the hyperbole and everyday exclusions still cover: "%s"', (text) => {
    expect(detect(text).level).toBe('none');
  });

  test.each([
    ['so much homework i just wanna kill myself, i mean it', 'so much homework i just wanna kill myself'],
    ['kms this lag, not kidding', 'kms this lag'],
    ['quiero matarme jaja no es broma', 'me quiero morir jajaja'],
  ])('a sincerity marker makes idioms stand down: "%s" fires, "%s" does not', (sincere, idiom) => {
    expect(detect(sincere).level).toBe('crisis');
    expect(detect(idiom).level).toBe('none');
  });

  test('a sincerity marker does not turn titles, media or recovery stories into signals', () => {
    for (const text of [
      'suicide squad was mid, not joking',
      '5 years since my attempt, still here, i mean it',
      'what is the suicide rate in japan, i am serious',
    ]) {
      expect(detect(text).level, text).toBe('none');
    }
  });

  test('returns lexicon ids only, never text from the message', () => {
    const result = detect('i want to die, my name is Alex');
    for (const signal of result.signals) expect(signal).toMatch(/^[a-z_]+\.[a-z]{2}\.[a-z_]+$/);
    expect(JSON.stringify(result)).not.toContain('Alex');
  });
});

describe('the concept layer of the shipped lexicon', () => {
  test.each([
    ['sometimes i hope i just dont wake up', 'concept.en.want_ending'],
    ['i just want to stop existing', 'concept.en.want_absence'],
    ["i cost my parents so much. it'd be better for them if i was dead", 'concept.en.irrealis_dead'],
    ['theyd be relieved if i vanished', 'concept.en.irrealis_absent'],
    ['i keep fantasizing about not waking up', 'concept.en.rumination'],
    ['i cut again last night. 6 months clean down the drain', 'concept.en.self_harm_recent'],
    ['did s/h last night dont tell anyone', 'concept.en.self_harm_recent'],
    ['has anyone else hurt themselves just to feel something?', 'concept.en.self_harm_reason'],
    ['fresh cuts on my arm wont stop bleeding', 'concept.en.self_harm_wounds'],
    ['the knife is right here and its so tempting', 'concept.en.means_intent'],
    ['have everything ready, just need to actually do it', 'concept.en.means_intent'],
    ['goodbye everyone. im sorry', 'concept.en.goodbye'],
    ['i love you guys. i really do. goodnight forever', 'concept.en.goodbye'],
    ['thank you all for everything. take care of each other 🤍', 'concept.en.goodbye'],
    ['please someone talk me down', 'concept.en.help_seeking'],
    ['im scared of what im thinking', 'concept.en.help_seeking'],
    ['all i do is take up space and drain everyone', 'concept.en.burden_trapped'],
    ['my 14 yo has been searching stuff about suicide on her laptop', 'concept.en.third_party'],
    ['my best friend just texted me goodbye and isnt answering her phone', 'concept.en.third_party_goodbye'],
    ['mi hermana se corta y no se que hacer', 'concept.es.third_party'],
    ["ma pote m'a dit qu'elle se scarifie", 'concept.fr.third_party'],
    ['mein kumpel redet die ganze zeit davon sich umzubringen', 'concept.de.third_party'],
    ['minha amiga tá se cortando de novo', 'concept.pt.third_party'],
    ["i can't stop cutting", 'concept.en.self_harm_recent'],
    ['my arms are covered in cuts and i need to hide them', 'concept.en.self_harm_wounds'],
    ["i wish i'd never been born", 'concept.en.irrealis_absent'],
    ['i just want the pain to stop forever', 'concept.en.want_absence'],
    ['this is goodbye, thank you for being my friends', 'concept.en.goodbye'],
    ["my little brother is cutting himself and i don't know what to do", 'concept.en.third_party'],
    ['mi mejor amiga dice que se quiere morir', 'concept.es.third_party'],
  ])('%j fires %s', (text, signal) => {
    const result = detect(text);
    expect(result.level).not.toBe('none');
    expect(result.signals).toContain(signal);
  });

  test.each([
    ['the writer, for first-person windows', 'i just want to vanish forever', 'concern', 'self'],
    [
      'someone else, for third-party windows',
      'my sister keeps talking about killing herself',
      'concern',
      'other',
    ],
    [
      'crisis for a third-party goodbye',
      'my brother texted me goodbye and isnt picking up',
      'crisis',
      'other',
    ],
  ])('the window sets the subject: %s', (_name, text, level, subject) => {
    expect(detect(text)).toMatchObject({ level, subject });
  });

  test('negations apply inside a window: "i do not want to disappear" does not fire', () => {
    expect(detect('i do not want to disappear').level).toBe('none');
  });

  test.each([
    [
      'kms with a gaming or performance complaint',
      ['kms this lag', 'lmao kms my aim is so bad today', 'kms my team is trash', 'kms this boss'],
    ],
    ['French hyperbole', ['je vais mourir de chaud dans ce bus', 'je meurs de soif']],
    [
      'questions about platform tools',
      ['does discord have a way to report if someone says theyre going to hurt themselves?'],
    ],
    [
      'absences with an everyday end',
      [
        'i need to disappear for a few days, exams are brutal',
        'if i was gone for the weekend would you feed my cat',
        'wish i could vanish from this meeting lol',
        'i want to disappear into a good book',
        'i should remove myself from this conversation',
      ],
    ],
    [
      'deaths in games and hyperbole about tiredness',
      ['if i died in minecraft i lose everything', 'researching ways to die in elden ring lol'],
    ],
    [
      'everyday cutting, burning and relapsing',
      [
        'i cut my hair again last night',
        'i was cutting onions again today',
        'i am cutting again after bulking',
        'i relapsed again last night, three cigarettes',
        'mi amiga se corta el pelo mañana',
        'mon pote se coupe les cheveux demain',
        'meine freundin verletzt sich beim sport oft',
      ],
    ],
    [
      'means words without intent',
      [
        'left a note on the fridge, waiting for everyone to get home for dinner',
        'the gun in my hand feels amazing in this game',
        'everything is so tempting at this buffet',
        'she took a bunch of pills for her migraine like the doctor said',
      ],
    ],
    [
      'sign-offs',
      [
        'goodnight everyone love you all',
        'goodnight guys, sorry for being grumpy today',
        'thank you all for everything, i love you all! see you next season',
        'goodbye 2026, forever grateful',
      ],
    ],
    [
      'third parties in everyday news',
      [
        'my brother said the game is dying',
        'my mom said she is cutting my allowance',
        'my dad does not see the point of electric cars',
        'they talked about suicide in health class today',
      ],
    ],
    [
      'rumination about names and hobbies',
      ['i keep thinking about death stranding', 'i can not stop thinking about dying my hair pink'],
    ],
    ['lyrics', ['the song goes i want to disappear forever']],
    [
      'memes and platform goodbyes',
      [
        '"i want to die" - me every monday morning lol',
        'goodbye forever, twitter. hello bluesky',
        "if i'm gone tomorrow, i'm at my grandma's",
        'planning my exit from the company',
      ],
    ],
    ['recovery stories', ['2 years since i cut, so proud of myself']],
    [
      '"of myself" (which shares a key with "off myself")',
      ['i am so proud of myself', 'i need to take care of myself', 'scared of myself in that old video lol'],
    ],
  ])('concept-layer hard negatives, %s: no variant fires', (_family, texts) => {
    for (const text of texts) expect(detect(text).level, text).toBe('none');
  });
});

describe('implicit intent and finality, said without the usual words', () => {
  test.each([
    ['i see no other way out', 'implicit.en.no_way_out'],
    ['there is nothing left for me here', 'implicit.en.no_way_out'],
    ['honestly i think im close to the end', 'implicit.en.near_the_end'],
    ['i dont think ill be here next week', 'implicit.en.near_the_end'],
    ['i wont make it to my birthday', 'implicit.en.near_the_end'],
    ['i lost the fight. im sorry', 'implicit.en.lost_the_fight'],
    ['so tired of existing', 'implicit.en.lost_the_fight'],
    ['i need a reason not to do it tonight', 'implicit.en.reason_not_to'],
    ['give me one reason not to end it', 'implicit.en.reason_not_to'],
    ['im not sure i want to keep going', 'implicit.en.unsure_to_go_on'],
    ['i dont know if i want to stay alive', 'implicit.en.unsure_to_go_on'],
    ['someone push me off the bridge already', 'implicit.en.push_me'],
    ['i want the pain to end', 'implicit.en.wanting_it_over'],
    ['i joked about jumping but i wasnt joking', 'implicit.en.wanting_it_over'],
    ['is the bridge by my house high enough', 'plan_means.en.lethality_question'],
    ['no le veo salida a esto', 'implicit.es.sin_salida'],
    ['estoy cansada de vivir', 'implicit.es.sin_salida'],
    ['cansado de viver', 'implicit.pt.sem_saida'],
    ["je ne vois pas d'autre issue", 'implicit.fr.sans_issue'],
    ['je suis fatigué de vivre', 'implicit.fr.sans_issue'],
    ['ich sehe keinen ausweg mehr', 'implicit.de.kein_ausweg'],
    ['ich bin lebensmüde', 'implicit.de.kein_ausweg'],
    ['took the whole bottle and now im scared', 'implicit.en.act_in_progress'],
    ['i think i cut too deep', 'implicit.en.act_in_progress'],
    ['its bleeding through the bandage', 'implicit.en.act_in_progress'],
    ['im standing on the wrong side of the railing', 'implicit.en.act_in_progress'],
    ['i recorded a video for when im gone', 'implicit.en.final_arrangements'],
    ['i made my decision, tomorrow itll be done', 'implicit.en.final_arrangements'],
    ['please tell my dad it wasnt his fault', 'implicit.en.final_arrangements'],
    ['my brother texted me goodbye and hes not answering', 'implicit.en.third_party_emergency'],
    ['her location is at the bridge and she wont pick up', 'implicit.en.third_party_emergency'],
    ['his arms were covered in cuts at practice', 'implicit.en.third_party_worry'],
    ['running out of reasons to stay', 'implicit.en.hopeless_reasons'],
    ['whats the point of making it to graduation', 'implicit.en.hopeless_reasons'],
    ['everyone would cry for a week and then forget', 'implicit.en.hopeless_reasons'],
    ['getting harder hiding my arms in summer', 'implicit.en.self_harm_urge'],
    ['how do i stop wanting to hurt myself', 'implicit.en.self_harm_urge'],
    ['ich bringe mich heute um', 'implicit.de.bring_mich_um'],
    ['deixei as cartas prontas', 'implicit.pt.cartas'],
    ['told everyone im moving but there is no trip', 'implicit.en.farewell_arrangements'],
    ['left her with all her food and the vet records', 'implicit.en.farewell_arrangements'],
    ['getting my affairs in order this week', 'implicit.en.farewell_arrangements'],
    ['wrote down all my passwords for my brother', 'implicit.en.farewell_arrangements'],
    ['i wont be back after tonight. thanks for everything', 'implicit.en.farewell_arrangements'],
    ['i tried last night and it didnt work, going to try again', 'implicit.en.attempt'],
    ['i hit myself in the face when i mess up', 'implicit.en.self_harm_other_ways'],
    ['he messaged me it was nice knowing you and logged off', 'implicit.en.third_party_farewell'],
    ['hoping my plane crashes on the way back', 'implicit.en.passive_wishes'],
    ['how do i make the end it thoughts stop', 'implicit.en.passive_wishes'],
    ['googled how many people survive falls from a roof', 'implicit.en.self_harm_signs'],
    ['morgen nacht ist es soweit', 'implicit.de.es_ist_soweit'],
  ])('%j fires %s', (text, id) => {
    expect(detect(text).signals).toContain(id);
  });

  test.each([
    'i see no other way out of this level lol',
    'the only way out is through, keep going guys',
    'this is the end for me, gg everyone see you tomorrow',
    'my time is almost up on the parking meter brb',
    'i wont make it to the meeting, traffic is insane',
    'made peace with the fact that my team will never win',
    'i am ready to go, meet you outside',
    'we lost the fight against the final boss',
    'tired of waking up at 6 for school honestly',
    'give me one reason not to buy this game',
    'tell me one reason to stay in this guild',
    'not sure i want to keep going with this project',
    'someone push me in front of the camera so i get famous',
    'life is not worth it without coffee lol',
    'is the building by my house tall enough to see fireworks',
    'how high does the jump need to be to clear the gap in mario kart',
    'no hay salida de emergencia en este edificio',
    'je suis fatiguée de la vie parisienne, trop de bruit',
    'ich sehe keinen ausweg aus diesem level',
    'i took the whole bottle of water to the gym',
    'the paper cut wont stop bleeding lol',
    'cut my bangs too deep, i look like a mushroom',
    'i made a playlist for when im gone on vacation next week',
    'tomorrow it will be done, the essay i mean, finally',
    'my friend sent bye and logged off to eat dinner',
    'the cat was covered in cuts? no, in mud',
    'running out of reasons to procrastinate lol',
    'hiding my arms from the sun so i dont burn again',
    'there is no game tonight, practice is cancelled',
    'bought some rope and a tarp for the camping trip',
    'sorting out my taxes and affairs before the move lol',
    'set a date for the wedding, feels like a weight off honestly',
    'i wont be back after tonight until monday, going to my cousins',
    'doing it tonight, dont bother waiting up, the raid starts at 9',
    'thank you for trying with me in ranked, we almost had it',
    'i hit myself in the head with the cupboard door again lol',
    'we hit ourselves in the face laughing',
    'my dog sent me a look like it was nice knowing you when i took the last treat',
    'hoping the flight goes smooth monday',
    'i was thinking about not coming back up to the surface until i saw the turtle, diving was amazing',
    'i wont be around that long today, gotta leave at 3',
    'i will be with them soon, just parking',
    'ive had a good run in this tournament, gg',
    'long sleeves all summer because i burn so easily lol',
    'heute abend ist es soweit, das konzert!',
  ])('hard negative %j stays quiet', (text) => {
    expect(detect(text).level).toBe('none');
  });
});

describe('acts already done, self-harm with an object, urges after a clean streak, goodbyes then silence', () => {
  test.each([
    ['took way more than my prescribed dose 40 mins ago and i feel weird', 'plan_means.en.took_on_purpose'],
    ['i swallowed something i shouldnt have on purpose', 'plan_means.en.took_on_purpose'],
    ['took what was in the drawer, room is spinning', 'plan_means.en.took_on_purpose'],
    ['burning myself with a lighter rn', 'self_harm.en.with_object'],
    ['kinda just took a razor to my thighs', 'self_harm.en.with_object'],
    ['hit my head against the wall until it bled again', 'self_harm.en.with_object'],
    ['3 months clean but the urge is so loud tonight', 'self_harm.en.urge_after_clean'],
    ['if ur reading this after tomorrow it wasnt anyone here’s fault', 'goodbye.en.read_this_after'],
    ['partner texted "thank you for trying" and isnt picking up', 'third_party.en.goodbye_then_silence'],
    [
      'she sent me "sorry i love you" and her phone goes straight to voicemail',
      'third_party.en.goodbye_then_silence',
    ],
  ])('%j fires %s', (text, id) => {
    expect(detect(text).signals).toContain(id);
  });

  test.each([
    'i took the long way home on purpose',
    'took way more than i should have of the cake and now i feel sick',
    'took the whole box of cereal to my room',
    'burned myself with the lighter lighting candles lol',
    'scratched my legs raw on the brambles',
    'hit my head on the cabinet until it bruised lol',
    'took a blade to my sketch, it was bad anyway',
    '6 months clean but the urge to vape is so strong',
    'clean for a year and the urges are rare now',
    'if you are reading this after 5pm the shop is closed',
    'said bye to my mom and my phone is dead lol',
  ])('hard negative %j stays quiet', (text) => {
    expect(detect(text).level).toBe('none');
  });
});

describe('createCrisisDetector with a small lexicon', () => {
  const lexicon = parseLexicon(
    {
      version: 1,
      macros: { self: '(myself|me)' },
      entries: [
        {
          id: 'a.en.x',
          lang: 'en',
          category: 'direct',
          severity: 'crisis',
          subject: 'self',
          phrases: ['hurt <self> {0,2} tonight'],
        },
        {
          id: 'b.en.y',
          lang: 'en',
          category: 'third_party',
          severity: 'concern',
          subject: 'other',
          phrases: ['he is sad'],
        },
        {
          id: 'c.en.z',
          lang: 'en',
          category: 'plan_means',
          severity: 'crisis',
          subject: 'self',
          phrases: ['took # pills'],
        },
      ],
      exclusions: [
        { id: 'x.en.idiom', lang: 'en', kind: 'idiom', phrases: ['hurt myself laughing tonight'] },
      ],
      negations: { scope: 1, phrases: ['never'], fillers: ['really'] },
    },
    'test.yaml',
  );
  const small = createCrisisDetector(lexicon);

  test.each([
    ['gaps skip up to their maximum', 'hurt myself so badly tonight', 'crisis'],
    ['gaps do not skip further', 'hurt myself so very badly tonight', 'none'],
    ['macros expand', 'hurt me tonight', 'crisis'],
    ['an exclusion covering the phrase drops it', 'hurt myself laughing tonight', 'none'],
    ['a negation just before drops it', 'never hurt myself tonight', 'none'],
    ['a filler may stand between negation and phrase', 'never really hurt myself tonight', 'none'],
    ['other words end the negation scope', 'never mind, hurt myself tonight', 'crisis'],
    ['# needs a number of ten or more', 'took 2 pills', 'none'],
    ['# accepts large numbers', 'took 30 pills', 'crisis'],
    ['a concern-level entry gives concern', 'he is sad', 'concern'],
  ])('%s', (_name, text, level) => {
    expect(small(text).level).toBe(level);
  });

  test('the subject is unknown when the top-level signals disagree', () => {
    const mixed = createCrisisDetector({
      ...lexicon,
      entries: lexicon.entries.map((entry) => ({ ...entry, severity: 'crisis' as const })),
    });
    expect(mixed('he is sad and took 20 pills')).toEqual({
      level: 'crisis',
      subject: 'unknown',
      signals: ['b.en.y', 'c.en.z'],
    });
  });
});
