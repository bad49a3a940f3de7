/** Autocomplete choices within Discord's limits: 25 choices, names and values of at most 100 characters. */
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { Card, CountryHotlines } from '../../core/types.js';
import { MAX_AUTOCOMPLETE_CHOICES, MAX_CHOICE_NAME, MAX_CHOICE_VALUE, truncate } from './discord-limits.js';

export function countryChoices(
  countries: readonly CountryHotlines[],
): ApplicationCommandOptionChoiceData<string>[] {
  return countries.slice(0, MAX_AUTOCOMPLETE_CHOICES).map((country) => ({
    name: truncate(`${country.name} (${country.code})`, MAX_CHOICE_NAME),
    value: country.code,
  }));
}

export function cardChoices(cards: readonly Card[]): ApplicationCommandOptionChoiceData<string>[] {
  return cards
    .filter((card) => card.id.length <= MAX_CHOICE_VALUE)
    .slice(0, MAX_AUTOCOMPLETE_CHOICES)
    .map((card) => ({ name: truncate(card.title, MAX_CHOICE_NAME), value: card.id }));
}
