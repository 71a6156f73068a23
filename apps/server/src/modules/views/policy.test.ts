import type { WorkspaceRole } from '@casehub/contract';
import { describe, expect, it } from 'vitest';
import { canOnView, type ViewSubject } from './policy.js';

const actor = (role: WorkspaceRole, userId = 'me', workspaceId = 'w1') => ({ role, userId, workspaceId });
const view = (over: Partial<ViewSubject> = {}): ViewSubject => ({ workspaceId: 'w1', createdBy: 'me', shared: false, ...over });

describe('saved view policy', () => {
  it('[A15.1] a personal view is its creator’s alone; a shared one is used by members and changed by its creator, owners and admins', () => {
    // Personal: only the creator, whatever the others' role.
    expect(canOnView(actor('member'), 'view.use', view())).toBe(true);
    expect(canOnView(actor('member'), 'view.change', view())).toBe(true);
    for (const role of ['owner', 'admin', 'member'] as const) {
      expect(canOnView(actor(role, 'other'), 'view.use', view())).toBe(false);
      expect(canOnView(actor(role, 'other'), 'view.change', view())).toBe(false);
    }
    // Shared: every member uses it; only the creator, owners and admins change it.
    const shared = view({ shared: true });
    expect(canOnView(actor('member', 'other'), 'view.use', shared)).toBe(true);
    expect(canOnView(actor('member', 'other'), 'view.change', shared)).toBe(false);
    expect(canOnView(actor('admin', 'other'), 'view.change', shared)).toBe(true);
    expect(canOnView(actor('owner', 'other'), 'view.change', shared)).toBe(true);
    expect(canOnView(actor('member'), 'view.change', shared)).toBe(true);
    // A shared view whose creator is gone stays, changed by owners and admins.
    expect(canOnView(actor('member', 'other'), 'view.change', view({ shared: true, createdBy: null }))).toBe(false);
    expect(canOnView(actor('admin', 'other'), 'view.change', view({ shared: true, createdBy: null }))).toBe(true);
    expect(canOnView(actor('owner'), 'view.use', view({ createdBy: null }))).toBe(false);
    // Guests and other workspaces: nothing.
    expect(canOnView(actor('guest'), 'view.use', shared)).toBe(false);
    expect(canOnView(actor('guest'), 'view.use', view())).toBe(false);
    expect(canOnView(actor('owner', 'me', 'w2'), 'view.use', shared)).toBe(false);
    expect(canOnView(actor('member', 'me', 'w2'), 'view.change', view())).toBe(false);
  });
});
