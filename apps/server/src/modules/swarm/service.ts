import type { SwarmInput, SwarmSuggestions } from '@casehub/contract';
import { notFound } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import { findUserById } from '../auth/repo.js';
import type { Actor } from '../access/policy.js';
import type { CasesService } from '../cases/service.js';
import { notify } from '../notifications/service.js';
import * as repo from './repo.js';
import { rankSwarm } from './rank.js';

export type SwarmService = ReturnType<typeof createSwarmService>;

const noSuchMessage = () => notFound('No such message on this case');

/**
 * [issue 15.7] Swarming on a moment of truth: who in the workspace is best
 * placed to help with a flagged inbound message (rank.ts weighs their
 * history), and asking them, which puts them on the case team and tells them
 * live. The team only: guests are refused by the endpoints.
 */
export function createSwarmService({ db, cases }: { db: Db; cases: Pick<CasesService, 'authorize' | 'get' | 'addMember'> }) {
  return {
    async suggest(actor: Actor, caseId: string, activityId: string): Promise<SwarmSuggestions> {
      const kase = await cases.authorize(actor, caseId, 'doc.team.read', 'No such case');
      const message = await repo.findFlaggedMessage(db, caseId, activityId);
      if (!message) throw noSuchMessage();
      const detail = await cases.get(actor, caseId);
      const onTeam = detail.members.map((m) => m.userId);
      const people = await repo.candidates(db, actor.workspaceId, [actor.userId, ...onTeam]);
      const history = await repo.histories(db, { workspaceId: actor.workspaceId, caseId, account: kase.account, sender: message.sender, message, people });
      return { suggestions: rankSwarm(history, { account: kase.account, sender: message.sender, senderName: message.senderName }) };
    },

    async ask(actor: Actor, caseId: string, input: SwarmInput): Promise<{ added: string[] }> {
      const kase = await cases.authorize(actor, caseId, 'case.manageTeam', 'You may not change this case team');
      const message = await repo.findFlaggedMessage(db, caseId, input.activityId);
      if (!message) throw noSuchMessage();
      const allowed = new Set((await repo.candidates(db, actor.workspaceId, [actor.userId])).map((p) => p.userId));
      const asked = [...new Set(input.userIds)];
      // Someone not a member of this workspace (or a guest) is "no such person", as for the team endpoint.
      if (asked.some((id) => !allowed.has(id))) throw notFound('No such person in this workspace');
      for (const userId of asked) await cases.addMember(actor, caseId, { userId, access: 'editor' });
      const me = await findUserById(db, actor.userId);
      await notify(db, {
        workspaceId: actor.workspaceId,
        userIds: asked,
        kind: 'swarm',
        about: { caseId, side: 'team' },
        activityId: input.activityId,
        text: `${me?.name ?? 'A colleague'} asks for your help on "${kase.title}": ${message.senderName || message.sender} wrote "${message.summary}"`,
      });
      return { added: asked };
    },
  };
}
