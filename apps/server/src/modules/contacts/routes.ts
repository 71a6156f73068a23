import {
  accountInput,
  accountListQuery,
  accountPatch,
  contactInput,
  contactListQuery,
  contactPatch,
  mergeInput,
  savedFilterInput,
  savedFilterListQuery,
  stakeholderInput,
} from '@casehub/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { AccountsService } from './accounts.js';
import type { ContactsService } from './service.js';
import type { SavedFiltersService } from './saved-filters.js';
import type { StakeholdersService } from './stakeholders.js';

export type ContactServices = { accounts: AccountsService; contacts: ContactsService; stakeholders: StakeholdersService; savedFilters: SavedFiltersService };

/** Accounts, contacts, the stakeholder map of each case, and saved filters: members only, declared in the endpoint table (guests get 404 before the body is read). */
export function contactRoutes({ accounts, contacts, stakeholders, savedFilters }: ContactServices) {
  return new Hono<AppEnv>()
    .get('/accounts', async (c) => c.json(await accounts.list(requireActor(c), parseQuery(c, accountListQuery))))
    .post('/accounts', async (c) => {
      const actor = requireActor(c);
      return c.json(await accounts.create(actor, await parseJson(c, accountInput)), 201);
    })
    .get('/accounts/:id', async (c) => c.json(await accounts.get(requireActor(c), c.req.param('id'))))
    .patch('/accounts/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await accounts.patch(actor, c.req.param('id'), await parseJson(c, accountPatch)));
    })
    .delete('/accounts/:id', async (c) => {
      await accounts.remove(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/accounts/:id/merge', async (c) => {
      const actor = requireActor(c);
      const { otherId } = await parseJson(c, mergeInput);
      return c.json(await accounts.merge(actor, c.req.param('id'), otherId));
    })
    .get('/contacts', async (c) => c.json(await contacts.list(requireActor(c), parseQuery(c, contactListQuery))))
    .post('/contacts', async (c) => {
      const actor = requireActor(c);
      return c.json(await contacts.create(actor, await parseJson(c, contactInput)), 201);
    })
    .get('/contacts/:id', async (c) => c.json(await contacts.get(requireActor(c), c.req.param('id'))))
    .patch('/contacts/:id', async (c) => {
      const actor = requireActor(c);
      return c.json(await contacts.patch(actor, c.req.param('id'), await parseJson(c, contactPatch)));
    })
    .delete('/contacts/:id', async (c) => {
      await contacts.remove(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/contacts/:id/merge', async (c) => {
      const actor = requireActor(c);
      const { otherId } = await parseJson(c, mergeInput);
      return c.json(await contacts.merge(actor, c.req.param('id'), otherId));
    })
    .get('/contacts/:id/history', async (c) => c.json(await contacts.history(requireActor(c), c.req.param('id'))))
    .get('/cases/:id/contacts', async (c) => c.json({ stakeholders: await stakeholders.list(requireActor(c), c.req.param('id')) }))
    .put('/cases/:id/contacts/:contactId', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, stakeholderInput);
      return c.json(await stakeholders.set(actor, c.req.param('id'), c.req.param('contactId'), input));
    })
    .delete('/cases/:id/contacts/:contactId', async (c) => {
      await stakeholders.remove(requireActor(c), c.req.param('id'), c.req.param('contactId'));
      return c.body(null, 204);
    })
    .get('/saved-filters', async (c) => {
      const actor = requireActor(c);
      return c.json({ filters: await savedFilters.list(actor, parseQuery(c, savedFilterListQuery).target) });
    })
    .post('/saved-filters', async (c) => {
      const actor = requireActor(c);
      return c.json(await savedFilters.save(actor, await parseJson(c, savedFilterInput)), 201);
    })
    .delete('/saved-filters/:id', async (c) => {
      await savedFilters.remove(requireActor(c), c.req.param('id'));
      return c.body(null, 204);
    });
}
