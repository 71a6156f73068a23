import { requireActor } from '../../http/middleware.js';
import type { AccountsService } from './accounts.js';
import type { ContactsService } from './service.js';
import type { SavedFiltersService } from './saved-filters.js';
import type { StakeholdersService } from './stakeholders.js';
import { routes } from '../../http/endpoint.js';

export type ContactServices = { accounts: AccountsService; contacts: ContactsService; stakeholders: StakeholdersService; savedFilters: SavedFiltersService };

/** Accounts, contacts, the stakeholder map of each case, and saved filters: members only, declared in the endpoint table (guests get 404 before the body is read). */
export function contactRoutes({ accounts, contacts, stakeholders, savedFilters }: ContactServices) {
  return routes((on) => {
    on('GET /api/accounts', async (c, { query }) => c.json(await accounts.list(requireActor(c), query())));
    on('POST /api/accounts', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await accounts.create(actor, await body()), 201);
    });
    on('GET /api/accounts/{id}', async (c, { params }) => c.json(await accounts.get(requireActor(c), params.id)));
    on('PATCH /api/accounts/{id}', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await accounts.patch(actor, params.id, await body()));
    });
    on('DELETE /api/accounts/{id}', async (c, { params }) => {
      await accounts.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('POST /api/accounts/{id}/merge', async (c, { body, params }) => {
      const actor = requireActor(c);
      const { otherId } = await body();
      return c.json(await accounts.merge(actor, params.id, otherId));
    });
    on('GET /api/contacts', async (c, { query }) => c.json(await contacts.list(requireActor(c), query())));
    on('POST /api/contacts', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await contacts.create(actor, await body()), 201);
    });
    on('GET /api/contacts/{id}', async (c, { params }) => c.json(await contacts.get(requireActor(c), params.id)));
    on('PATCH /api/contacts/{id}', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await contacts.patch(actor, params.id, await body()));
    });
    on('DELETE /api/contacts/{id}', async (c, { params }) => {
      await contacts.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
    on('POST /api/contacts/{id}/merge', async (c, { body, params }) => {
      const actor = requireActor(c);
      const { otherId } = await body();
      return c.json(await contacts.merge(actor, params.id, otherId));
    });
    on('GET /api/contacts/{id}/history', async (c, { params }) => c.json(await contacts.history(requireActor(c), params.id)));
    on('GET /api/cases/{id}/contacts', async (c, { params }) => c.json({ stakeholders: await stakeholders.list(requireActor(c), params.id) }));
    on('PUT /api/cases/{id}/contacts/{contactId}', async (c, { body, params }) => {
      const actor = requireActor(c);
      const input = await body();
      return c.json(await stakeholders.set(actor, params.id, params.contactId, input));
    });
    on('DELETE /api/cases/{id}/contacts/{contactId}', async (c, { params }) => {
      await stakeholders.remove(requireActor(c), params.id, params.contactId);
      return c.body(null, 204);
    });
    on('GET /api/saved-filters', async (c, { query }) => {
      const actor = requireActor(c);
      return c.json({ filters: await savedFilters.list(actor, query().target) });
    });
    on('POST /api/saved-filters', async (c, { body }) => {
      const actor = requireActor(c);
      return c.json(await savedFilters.save(actor, await body()), 201);
    });
    on('DELETE /api/saved-filters/{id}', async (c, { params }) => {
      await savedFilters.remove(requireActor(c), params.id);
      return c.body(null, 204);
    });
  });
}
