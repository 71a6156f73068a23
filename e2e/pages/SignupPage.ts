import { expect, type Page } from '@playwright/test';

export interface NewAccount {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
}

export class SignupPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/signup');
    await expect(this.page.getByRole('heading', { name: 'Create your workspace' })).toBeVisible();
  }

  async signUp(account: NewAccount): Promise<void> {
    await this.page.getByLabel('Your name').fill(account.name);
    await this.page.getByLabel('Work email').fill(account.email);
    await this.page.getByLabel('Password').fill(account.password);
    await this.page.getByLabel('Workspace name').fill(account.workspaceName);
    await this.page.getByRole('button', { name: 'Create workspace' }).click();
  }
}

export class SignInPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/login');
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
