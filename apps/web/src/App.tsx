import type { ComponentType } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { SessionProvider } from './features/auth/session';
import { AppLayout } from './routes/AppLayout';
import { CaseListRoute } from './routes/CaseListRoute';
import { LoginRoute } from './routes/LoginRoute';
import { SignupRoute } from './routes/SignupRoute';
import { ForgotPasswordRoute, ResetPasswordRoute } from './routes/PasswordResetRoutes';
import { NotFoundRoute } from './routes/NotFoundRoute';
import { LandingRoute } from './routes/LandingRoute';
import { MembersOnly } from './routes/MembersOnly';

/**
 * A page whose code loads when it is first opened: signing in or opening the case list fetches
 * neither the charts nor the editor, and each page carries only what it uses. The signed-out pages
 * (sign in, sign up, password reset) are not lazy: while a lazy page loads the old one stays on
 * screen, and a person typing into a sign-in form that is about to be replaced loses the words.
 */
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  { path: '/signup', element: <SignupRoute /> },
  { path: '/forgot-password', element: <ForgotPasswordRoute /> },
  { path: '/reset-password/:token', element: <ResetPasswordRoute /> },
  {
    path: '/invite/:token',
    ...page(
      () => import('./routes/InviteAcceptRoute'),
      (m) => m.InviteAcceptRoute,
    ),
  },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <LandingRoute /> },
      { path: '/cases', element: <CaseListRoute /> },
      {
        path: '/search',
        ...page(
          () => import('./routes/SearchRoute'),
          (m) => m.SearchRoute,
        ),
      },
      {
        path: '/settings/account',
        ...page(
          () => import('./routes/AccountSettingsRoute'),
          (m) => m.AccountSettingsRoute,
        ),
      },
      {
        // Workspace pages: never shown to a guest (issue 21.10).
        element: <MembersOnly />,
        children: [
          {
            path: '/settings/members',
            ...page(
              () => import('./routes/MembersRoute'),
              (m) => m.MembersRoute,
            ),
          },
          {
            path: '/settings/audit',
            ...page(
              () => import('./routes/AuditRoute'),
              (m) => m.AuditRoute,
            ),
          },
          {
            path: '/settings/routing',
            ...page(
              () => import('./routes/RoutingRoute'),
              (m) => m.RoutingRoute,
            ),
          },
          {
            path: '/triage',
            ...page(
              () => import('./routes/TriageRoute'),
              (m) => m.TriageRoute,
            ),
          },
          {
            path: '/settings/webhooks',
            ...page(
              () => import('./routes/WebhooksRoute'),
              (m) => m.WebhooksRoute,
            ),
          },
          {
            path: '/settings/mailboxes',
            ...page(
              () => import('./routes/MailboxesRoute'),
              (m) => m.MailboxesRoute,
            ),
          },
          {
            path: '/settings/security',
            ...page(
              () => import('./routes/SecurityRoute'),
              (m) => m.SecurityRoute,
            ),
          },
          {
            path: '/settings/saved-replies',
            ...page(
              () => import('./routes/SavedRepliesRoute'),
              (m) => m.SavedRepliesRoute,
            ),
          },
          {
            path: '/settings/plan-templates',
            ...page(
              () => import('./routes/PlanTemplatesRoute'),
              (m) => m.PlanTemplatesRoute,
            ),
          },
          {
            path: '/settings/business-hours',
            ...page(
              () => import('./routes/BusinessHoursRoute'),
              (m) => m.BusinessHoursRoute,
            ),
          },
          {
            path: '/settings/pipelines',
            ...page(
              () => import('./routes/PipelinesRoute'),
              (m) => m.PipelinesRoute,
            ),
          },
          {
            path: '/settings/custom-fields',
            ...page(
              () => import('./routes/CustomFieldsRoute'),
              (m) => m.CustomFieldsRoute,
            ),
          },
          {
            path: '/expectations',
            ...page(
              () => import('./routes/ExpectationsRoute'),
              (m) => m.ExpectationsRoute,
            ),
          },
          {
            path: '/contacts',
            ...page(
              () => import('./routes/ContactsRoute'),
              (m) => m.ContactsRoute,
            ),
          },
          {
            path: '/contacts/:id',
            ...page(
              () => import('./routes/ContactRoute'),
              (m) => m.ContactRoute,
            ),
          },
          {
            path: '/accounts',
            ...page(
              () => import('./routes/AccountsRoute'),
              (m) => m.AccountsRoute,
            ),
          },
          {
            path: '/accounts/:id',
            ...page(
              () => import('./routes/AccountRoute'),
              (m) => m.AccountRoute,
            ),
          },
          // The charting library is only needed here.
          {
            path: '/dashboard',
            ...page(
              () => import('./routes/DashboardRoute'),
              (m) => m.DashboardRoute,
            ),
          },
        ],
      },
      // The editor stack (Tiptap, ProseMirror) is most of the code; it loads with the pages that edit.
      {
        path: '/cases/:id',
        ...page(
          () => import('./routes/CaseRoute'),
          (m) => m.CaseRoute,
        ),
      },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
