import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/** The activity stream on a case page, and the viewers it opens. */
export class ActivityPanel {
  readonly panel: Locator;
  readonly feed: Locator;
  readonly kindFilter: Locator;
  readonly personFilter: Locator;
  readonly caseSearch: Locator;
  readonly uploads: Locator;
  readonly viewer: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Activity' });
    this.feed = this.panel.getByRole('feed', { name: 'Activity stream, newest first' });
    const filters = this.panel.getByRole('search', { name: 'Filter the stream' });
    this.kindFilter = filters.getByLabel('Kind');
    this.personFilter = filters.getByLabel('Person');
    this.caseSearch = filters.getByLabel('Search this case');
    this.uploads = this.panel.getByRole('list', { name: 'Uploads' });
    this.viewer = page.getByRole('dialog');
  }

  /** Stream entries in display order (newest first); only the rendered (visible) ones exist in the DOM. */
  entries(): Locator {
    return this.feed.getByRole('article');
  }

  entry(text: string | RegExp): Locator {
    return this.entries().filter({ hasText: text });
  }

  /** Opens the composer for a note (or call, meeting) and returns its editor. */
  async newNote(kind: 'New note' | 'Log call' | 'Log meeting' = 'New note'): Promise<Locator> {
    await this.panel.getByRole('toolbar', { name: 'Add to the stream' }).getByRole('button', { name: kind }).click();
    await expect(this.viewer).toBeVisible();
    const editor = this.viewer.getByRole('textbox', { name: /text$/ });
    await expect(editor).toBeFocused();
    return editor;
  }

  async open(text: string | RegExp): Promise<void> {
    await this.entry(text).first().getByRole('button').first().click();
    await expect(this.viewer).toBeVisible();
  }

  async closeViewer(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.viewer).toBeHidden();
  }

  /** Drops files on the case page the way a browser does: a synthetic DataTransfer with real File objects. */
  async dropFiles(paths: string[]): Promise<void> {
    const files = paths.map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }));
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.name.endsWith('.eml') ? 'message/rfc822' : '' }));
      }
      return dt;
    }, files);
    const zone = this.page.getByTestId('case-drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await expect(this.page.getByText('Drop to add to this case')).toBeVisible();
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
  }

  /** The picker behind the "Attach" button. */
  async attach(paths: string[]): Promise<void> {
    await this.panel.getByLabel('Attach files or emails').setInputFiles(paths);
  }
}
