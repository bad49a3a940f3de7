/**
 * The `checkMessage` use case: the crisis check every message gets, shared by the Discord message handler and
 * `lantern check`. The message is read once (the reviewed lexicon, then the risk model), and then the reply policy
 * decides (the server's settings, the member's opt-out, the cooldown, one reply per message, the second opinion for
 * quiet readings). The result always carries the reading: levels, subjects and signal ids, never text.
 */
import type { CrisisReplyPlan, MessagePlace } from '../responder/create-crisis-responder.js';
import type { CrisisReading, ReadCrisis } from '../responder/read-crisis.js';

export interface CheckMessagePorts {
  read: ReadCrisis;
  /** The reply policy (`CrisisResponder.planReply`); the CLI passes {@link NO_REPLY_POLICY}. */
  planReply: (place: MessagePlace, reading: CrisisReading, text: string) => Promise<CrisisReplyPlan | null>;
}

export interface CheckMessageRequest {
  /** Read once, never stored or logged. */
  text: string;
  place: MessagePlace;
}

export type CheckMessageResult =
  /** Nothing in the message signals risk. */
  | { kind: 'no_signal'; reading: CrisisReading }
  /** An uncertain model-only reading: no public reply (a second opinion, where a server turned it on, did not see risk). */
  | { kind: 'quiet'; reading: CrisisReading }
  /** A public reading the policy holds back: responder off, member opted out, cooldown, repeat, or no policy (CLI). */
  | { kind: 'held'; reading: CrisisReading }
  | { kind: 'reply'; reading: CrisisReading; plan: CrisisReplyPlan };

/** A policy that never replies: for front ends that only report the reading (`lantern check`). */
export const NO_REPLY_POLICY: CheckMessagePorts['planReply'] = () => Promise.resolve(null);

export async function checkMessage(
  ports: CheckMessagePorts,
  request: CheckMessageRequest,
): Promise<CheckMessageResult> {
  const reading = ports.read(request.text);
  if (reading.reply === 'none') return { kind: 'no_signal', reading };
  const plan = await ports.planReply(request.place, reading, request.text);
  if (plan !== null) return { kind: 'reply', reading, plan };
  return reading.reply === 'quiet' ? { kind: 'quiet', reading } : { kind: 'held', reading };
}
