import type { ReactNode } from 'react';

/** The product's name: a name, the same in every language. */
const productName = 'Casehub';

export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__card">
        <div className="brand brand--large" aria-hidden="true">
          <span className="brand__mark" aria-hidden="true" /> {productName}
        </div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
        {children}
      </div>
    </main>
  );
}
