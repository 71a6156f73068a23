import { planFragment } from '@casehub/case-document';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Frames and updates a hostile client sends (issue 20), shared by the attacker suites. */

/** A y-websocket awareness message carrying the given states. */
export function awarenessFrame(states: Array<{ clientId: number; clock: number; json: string }>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, states.length);
  for (const s of states) {
    encoding.writeVarUint(update, s.clientId);
    encoding.writeVarUint(update, s.clock);
    encoding.writeVarString(update, s.json);
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

/** A y-websocket sync update message. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 0);
  encoding.writeVarUint(frame, 2);
  encoding.writeVarUint8Array(frame, update);
  return encoding.toUint8Array(frame);
}

export const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/**
 * An update nesting `depth` paragraphs (under the plan, or under `under`),
 * built one level at a time: building it as one prelim tree would recurse
 * in Yjs on our side too.
 */
export function deepUpdate(depth: number, doc = new Y.Doc(), text = 'deep', under?: Y.XmlElement): Uint8Array {
  const before = Y.encodeStateVector(doc);
  // One transaction: one per level would walk every ancestor each time (quadratic).
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = under ?? planFragment(doc);
    for (let i = 0; i < depth; i++) {
      const child = new Y.XmlElement('paragraph');
      parent.insert(parent.length, [child]);
      parent = child;
    }
    parent.insert(0, [new Y.XmlText(text)]);
  });
  return Y.encodeStateAsUpdate(doc, before);
}
