import { call, urlOf } from '../../lib/api';

/** Visits to a case (issue 15.5, 15.6): since you were last here, marking read, who opened what. */
export const visitsApi = {
  visit: (id: string, signal?: AbortSignal) => call('POST /api/cases/{id}/visit', { params: { id }, signal }),
  seen: (id: string, through?: string) => call('POST /api/cases/{id}/seen', { params: { id }, body: through ? { through } : {} }),
  views: (id: string, signal?: AbortSignal) => call('GET /api/cases/{id}/views', { params: { id }, signal }),
  /** Marks read as the page goes away (a closed tab included): a request the browser finishes after the page is gone. */
  seenOnLeave: (id: string): void => {
    void fetch(urlOf('POST /api/cases/{id}/seen', { params: { id } }), {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => undefined);
  },
};
