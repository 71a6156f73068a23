import Mention from '@tiptap/extension-mention';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import type { WorkspaceMember } from '@casehub/contract';
import { i18n } from '../../i18n';

/** Someone the @ list offers: a workspace member for the team, a person on the case for a guest. */
export type MentionPerson = Pick<WorkspaceMember, 'userId' | 'name' | 'email'>;

interface MentionItem {
  id: string;
  label: string;
  email: string;
}

/**
 * `@name` mentions in note bodies. The suggestion list is a small listbox
 * under the caret: ↑/↓ move, Enter or Tab pick (the key is used up, so Tab
 * does not also move focus), Escape closes. `getMembers` is read at each
 * keystroke, so the list follows the people as they load.
 */
export function mentionExtension(getMembers: () => MentionPerson[]) {
  return Mention.configure({
    HTMLAttributes: { class: 'mention' },
    renderText: ({ node }) => `@${String(node.attrs.label ?? node.attrs.id)}`,
    suggestion: {
      char: '@',
      items: ({ query }): MentionItem[] => {
        const q = query.toLowerCase();
        return getMembers()
          .filter((m) => m.name.toLowerCase().includes(q) || m.email.toLowerCase().startsWith(q))
          .slice(0, 6)
          .map((m) => ({ id: m.userId, label: m.name, email: m.email }));
      },
      render: () => {
        let root: HTMLDivElement | null = null;
        let props: SuggestionProps<MentionItem> | null = null;
        let active = 0;

        const draw = (): void => {
          if (!root || !props) return;
          const items = props.items;
          root.replaceChildren();
          if (items.length === 0) {
            const empty = document.createElement('div');
            empty.className = 'mention-list__empty';
            empty.textContent = i18n.t('No matching people');
            root.append(empty);
          }
          items.forEach((item, i) => {
            const option = document.createElement('div');
            option.id = `mention-option-${i}`;
            option.className = 'mention-list__item';
            option.setAttribute('role', 'option');
            option.setAttribute('aria-selected', String(i === active));
            option.textContent = item.label;
            const email = document.createElement('span');
            email.className = 'mention-list__email';
            email.textContent = item.email;
            option.append(email);
            option.addEventListener('mousedown', (e) => {
              e.preventDefault();
              props?.command(item);
            });
            root?.append(option);
          });
          const rect = props.clientRect?.();
          if (rect) {
            root.style.left = `${Math.round(rect.left)}px`;
            root.style.top = `${Math.round(rect.bottom + 4)}px`;
          }
        };

        return {
          onStart: (p) => {
            props = p as SuggestionProps<MentionItem>;
            active = 0;
            root = document.createElement('div');
            root.className = 'mention-list';
            root.setAttribute('role', 'listbox');
            root.setAttribute('aria-label', i18n.t('Mention a teammate'));
            document.body.append(root);
            draw();
          },
          onUpdate: (p) => {
            props = p as SuggestionProps<MentionItem>;
            active = Math.min(active, Math.max(0, props.items.length - 1));
            draw();
          },
          onKeyDown: ({ event }: SuggestionKeyDownProps) => {
            if (!props) return false;
            const n = props.items.length;
            if (event.key === 'Escape') {
              // Close the list only, not the dialog around the editor.
              if (root) event.stopPropagation();
              root?.remove();
              root = null;
              return true;
            }
            if (n === 0) return false;
            if (event.key === 'ArrowDown') {
              active = (active + 1) % n;
              draw();
              return true;
            }
            if (event.key === 'ArrowUp') {
              active = (active - 1 + n) % n;
              draw();
              return true;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              const item = props.items[active];
              if (item) props.command(item);
              return true;
            }
            return false;
          },
          onExit: () => {
            root?.remove();
            root = null;
            props = null;
          },
        };
      },
    },
  });
}
