/**
 * Interface text in the languages Discord tells us about (`interaction.locale`). Language only: it never decides a
 * country or a hotline. Crisis wording follows the safe-messaging rules (hope, help works, "died by suicide", no method
 * talk).
 */
export const UI_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const en = {
  'error.generic':
    'Sorry, something went wrong on my side. Please try again in a moment. If you need support right now, `/hotline` lists crisis lines.',
  'crisis.note.self':
    "It sounds like you might be going through something really painful right now. You don't have to carry it alone: the people at these lines are there to listen, and talking to someone can help.",
  'crisis.note.other':
    "It sounds like you're worried about someone. Thank you for looking out for them. These lines can also help you work out how to support them.",
  'crisis.emergency':
    'If you or someone else is in immediate danger, call your local emergency number ({number}) now.',
  'crisis.emergency.unknown':
    'If you or someone else is in immediate danger, call your local emergency number now.',
  'crisis.footer':
    'Lantern sent this because a message may mention suicide or self-harm. Lantern is a bot, not a crisis service.',
  'crisis.button.notHelpful': 'Not helpful',
  'crisis.button.stop': 'Stop these replies',
  'crisis.button.resume': 'Turn replies back on',
  'crisis.notHelpful.thanks':
    'Thank you for telling us. We record only that this reply was not helpful, never your message. `/hotline` is always there if you need it.',
  'crisis.stop.done':
    'Done: Lantern will not reply to your messages with crisis resources any more. You can turn this back on below, and `/hotline` still works whenever you want it.',
  'crisis.resume.done': 'Crisis replies are back on for you.',
  'crisis.dm.intro': 'Lantern noticed a message of yours in {server} and wanted to check in privately.',
  'hotline.title': 'Crisis lines: {country}',
  'hotline.international.title': 'Find a crisis line near you',
  'hotline.international.body':
    'Lantern does not know your country yet. findahelpline.com lists free, confidential helplines in many countries. Set your region with `/hotline set-region` to see your local lines here.',
  'hotline.notCrisis': 'Not 24/7',
  'hotline.source': 'Source',
  'hotline.checked': 'Number checked {date} against {source}',
  'hotline.sourceDated': 'Source: {source}, dated {date}',
  'hotline.sourceUndated': 'Source: {source} (the page shows no date)',
  'hotline.regionSaved': 'Saved. `/hotline` and crisis replies will show lines for {country}.',
  'hotline.regionNotSaved':
    'The lines above are for {country}, but your region could not be saved just now. Try `set-region` again later.',
  'hotline.regionCleared': 'Your saved region was removed.',
  'hotline.unknownCountry':
    'I don\'t have crisis lines for "{query}" yet. Here are international options instead.',
  'ask.inProgress': '_Writing an answer…_',
  'ask.footer':
    'Not medical advice. Lantern shares sourced information; talk to a health professional about your own care.',
  'ask.sources': 'Sources',
  'ask.feedback.up': 'Helpful',
  'ask.feedback.down': 'Not helpful',
  'ask.feedback.thanks': 'Thanks for the feedback. We store only which cards were used, not your question.',
  'ask.rateLimited': "You've asked a lot of questions in a short time. Please try again in {minutes} min.",
  'ask.budget':
    "This server has used today's answer budget. Lantern will answer from its cards without the language model until tomorrow (UTC).",
  'ask.busy': "I'm still answering your last question. Give me a moment, then ask again.",
  'ask.overloaded': 'Lots of people are asking right now. Please try again in a minute.',
  'ask.channelNotAllowed': 'Moderators have set `/ask` to work only in: {channels}.',
  'permission.manageMessages': 'You need the Manage Messages permission to post cards in a channel.',
  'permission.manageGuild': 'You need the Manage Server permission to change Lantern settings.',
  'common.guildOnly': 'This command works in a server, not in DMs.',
} as const;

export type MessageKey = keyof typeof en;

const es: Partial<Record<MessageKey, string>> = {
  'error.generic':
    'Lo siento, algo falló por mi parte. Inténtalo de nuevo en un momento. Si necesitas apoyo ahora, `/hotline` muestra líneas de crisis.',
  'crisis.note.self':
    'Parece que estás pasando por algo muy doloroso. No tienes que cargarlo solo ni sola: las personas de estas líneas están para escucharte, y hablar con alguien puede ayudar.',
  'crisis.note.other':
    'Parece que te preocupa alguien. Gracias por cuidar de esa persona. Estas líneas también pueden ayudarte a saber cómo apoyarla.',
  'crisis.emergency':
    'Si tú u otra persona está en peligro inmediato, llama ahora al número de emergencias local ({number}).',
  'crisis.emergency.unknown':
    'Si tú u otra persona está en peligro inmediato, llama ahora al número de emergencias local.',
  'crisis.footer':
    'Lantern envió esto porque un mensaje podría mencionar el suicidio o las autolesiones. Lantern es un bot, no un servicio de crisis.',
  'crisis.button.notHelpful': 'No me ayudó',
  'crisis.button.stop': 'No enviar más',
  'crisis.button.resume': 'Volver a activar',
  'hotline.title': 'Líneas de crisis: {country}',
  'hotline.international.title': 'Encuentra una línea de ayuda cerca de ti',
  'hotline.notCrisis': 'No 24/7',
  'hotline.source': 'Fuente',
  'hotline.checked': 'Número comprobado el {date} en {source}',
  'hotline.sourceDated': 'Fuente: {source}, con fecha {date}',
  'hotline.sourceUndated': 'Fuente: {source} (la página no indica fecha)',
  'ask.inProgress': '_Escribiendo una respuesta…_',
  'ask.footer': 'No es consejo médico. Habla con un profesional de la salud sobre tu propio cuidado.',
  'ask.sources': 'Fuentes',
};

const fr: Partial<Record<MessageKey, string>> = {
  'error.generic':
    "Désolé, quelque chose s'est mal passé de mon côté. Réessaie dans un instant. Si tu as besoin de soutien maintenant, `/hotline` donne des lignes d'écoute.",
  'crisis.note.self':
    "On dirait que tu traverses quelque chose de très douloureux. Tu n'as pas à le porter seul·e : les personnes de ces lignes sont là pour t'écouter, et en parler peut aider.",
  'crisis.note.other':
    "On dirait que tu t'inquiètes pour quelqu'un. Merci de veiller sur cette personne. Ces lignes peuvent aussi t'aider à savoir comment la soutenir.",
  'crisis.emergency':
    "Si toi ou quelqu'un d'autre est en danger immédiat, appelle maintenant le numéro d'urgence local ({number}).",
  'crisis.emergency.unknown':
    "Si toi ou quelqu'un d'autre est en danger immédiat, appelle maintenant le numéro d'urgence local.",
  'crisis.footer':
    "Lantern a envoyé ceci parce qu'un message pourrait parler de suicide ou d'automutilation. Lantern est un bot, pas un service de crise.",
  'crisis.button.notHelpful': 'Pas utile',
  'crisis.button.stop': 'Arrêter ces réponses',
  'crisis.button.resume': 'Réactiver',
  'hotline.title': "Lignes d'écoute : {country}",
  'hotline.international.title': "Trouver une ligne d'écoute près de chez toi",
  'hotline.notCrisis': 'Pas 24 h/24',
  'hotline.source': 'Source',
  'hotline.checked': 'Numéro vérifié le {date} sur {source}',
  'hotline.sourceDated': 'Source : {source}, datée du {date}',
  'hotline.sourceUndated': 'Source : {source} (page non datée)',
  'ask.inProgress': '_Rédaction de la réponse…_',
  'ask.footer': "Ce n'est pas un avis médical. Parle de tes soins à un professionnel de santé.",
  'ask.sources': 'Sources',
};

const de: Partial<Record<MessageKey, string>> = {
  'error.generic':
    'Entschuldigung, bei mir ist etwas schiefgelaufen. Bitte versuch es gleich noch einmal. Wenn du jetzt Unterstützung brauchst, zeigt `/hotline` Krisentelefone.',
  'crisis.note.self':
    'Es klingt, als würdest du gerade etwas sehr Schmerzhaftes durchmachen. Du musst das nicht allein tragen: Die Menschen an diesen Telefonen hören dir zu, und darüber zu reden kann helfen.',
  'crisis.note.other':
    'Es klingt, als würdest du dir Sorgen um jemanden machen. Danke, dass du auf diese Person achtest. Diese Stellen helfen dir auch dabei, sie zu unterstützen.',
  'crisis.emergency':
    'Wenn du oder jemand anderes in akuter Gefahr ist, ruf jetzt den örtlichen Notruf ({number}) an.',
  'crisis.emergency.unknown':
    'Wenn du oder jemand anderes in akuter Gefahr ist, ruf jetzt den örtlichen Notruf an.',
  'crisis.footer':
    'Lantern hat dies gesendet, weil eine Nachricht Suizid oder Selbstverletzung erwähnen könnte. Lantern ist ein Bot, kein Krisendienst.',
  'crisis.button.notHelpful': 'Nicht hilfreich',
  'crisis.button.stop': 'Keine solchen Antworten mehr',
  'crisis.button.resume': 'Wieder einschalten',
  'hotline.title': 'Krisentelefone: {country}',
  'hotline.international.title': 'Ein Krisentelefon in deiner Nähe finden',
  'hotline.notCrisis': 'Nicht rund um die Uhr',
  'hotline.source': 'Quelle',
  'hotline.checked': 'Nummer am {date} auf {source} geprüft',
  'hotline.sourceDated': 'Quelle: {source}, Stand {date}',
  'hotline.sourceUndated': 'Quelle: {source} (Seite ohne Datum)',
  'ask.inProgress': '_Antwort wird geschrieben…_',
  'ask.footer': 'Keine medizinische Beratung. Sprich mit Fachleuten über deine eigene Behandlung.',
  'ask.sources': 'Quellen',
};

const pt: Partial<Record<MessageKey, string>> = {
  'error.generic':
    'Desculpe, algo deu errado do meu lado. Tente de novo em um instante. Se precisar de apoio agora, `/hotline` mostra linhas de crise.',
  'crisis.note.self':
    'Parece que você está passando por algo muito doloroso. Você não precisa carregar isso sozinho ou sozinha: as pessoas dessas linhas estão lá para ouvir, e conversar com alguém pode ajudar.',
  'crisis.note.other':
    'Parece que você se preocupa com alguém. Agradeço por cuidar dessa pessoa. Essas linhas também podem ajudar você a apoiá-la.',
  'crisis.emergency':
    'Se você ou outra pessoa estiver em perigo imediato, ligue agora para o número de emergência local ({number}).',
  'crisis.emergency.unknown':
    'Se você ou outra pessoa estiver em perigo imediato, ligue agora para o número de emergência local.',
  'crisis.footer':
    'O Lantern enviou isto porque uma mensagem pode mencionar suicídio ou autolesão. O Lantern é um bot, não um serviço de crise.',
  'crisis.button.notHelpful': 'Não ajudou',
  'crisis.button.stop': 'Parar essas respostas',
  'crisis.button.resume': 'Reativar',
  'hotline.title': 'Linhas de crise: {country}',
  'hotline.international.title': 'Encontre uma linha de apoio perto de você',
  'hotline.notCrisis': 'Não 24h',
  'hotline.source': 'Fonte',
  'hotline.checked': 'Número conferido em {date} em {source}',
  'hotline.sourceDated': 'Fonte: {source}, de {date}',
  'hotline.sourceUndated': 'Fonte: {source} (a página não tem data)',
  'ask.inProgress': '_Escrevendo uma resposta…_',
  'ask.footer': 'Não é aconselhamento médico. Converse com um profissional de saúde sobre o seu cuidado.',
  'ask.sources': 'Fontes',
};

const TABLES: Record<UiLanguage, Partial<Record<MessageKey, string>>> = { en, es, fr, de, pt };

/** The UI language for a Discord locale ("es-419" → "es", "pt-BR" → "pt"); English otherwise. */
export function uiLanguage(locale: string | null | undefined): UiLanguage {
  const base = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (UI_LANGUAGES as readonly string[]).includes(base) ? (base as UiLanguage) : 'en';
}

/** Looks up interface text, falling back to English, and fills `{name}` placeholders. */
export function t(
  locale: string | null | undefined,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  const template = TABLES[uiLanguage(locale)][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** Discord locale codes for command-name and description localisations. */
export const DISCORD_LOCALES: Record<Exclude<UiLanguage, 'en'>, readonly string[]> = {
  es: ['es-ES', 'es-419'],
  fr: ['fr'],
  de: ['de'],
  pt: ['pt-BR'],
};

/** Builds a Discord localisation map from one string per language. */
export function localizations(values: Record<Exclude<UiLanguage, 'en'>, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [language, locales] of Object.entries(DISCORD_LOCALES)) {
    for (const locale of locales) out[locale] = values[language as Exclude<UiLanguage, 'en'>];
  }
  return out;
}
