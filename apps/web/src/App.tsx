import { createBrowserRouter, RouterProvider } from 'react-router';
import { SessionProvider } from './features/auth/session';
import { AppLayout } from './routes/AppLayout';
import { CaseListRoute } from './routes/CaseListRoute';
import { LoginRoute } from './routes/LoginRoute';
import { ForgotPasswordRoute, ResetPasswordRoute } from './routes/PasswordResetRoutes';
import { SignupRoute } from './routes/SignupRoute';
import { InviteAcceptRoute } from './routes/InviteAcceptRoute';
import { NotFoundRoute } from './routes/NotFoundRoute';
import { SearchRoute } from './routes/SearchRoute';
import { MembersRoute } from './routes/MembersRoute';
import { AuditRoute } from './routes/AuditRoute';
import { ExpectationsRoute } from './routes/ExpectationsRoute';
import { RoutingRoute } from './routes/RoutingRoute';
import { TriageRoute } from './routes/TriageRoute';
import { WebhooksRoute } from './routes/WebhooksRoute';
import { MailboxesRoute } from './routes/MailboxesRoute';
import { ContactsRoute } from './routes/ContactsRoute';
import { ContactRoute } from './routes/ContactRoute';
import { AccountsRoute } from './routes/AccountsRoute';
import { AccountRoute } from './routes/AccountRoute';
import { AccountSettingsRoute } from './routes/AccountSettingsRoute';
import { SecurityRoute } from './routes/SecurityRoute';
import { LandingRoute } from './routes/LandingRoute';
import { MembersOnly } from './routes/MembersOnly';
import { SavedRepliesRoute } from './routes/SavedRepliesRoute';
import { PlanTemplatesRoute } from './routes/PlanTemplatesRoute';
import { BusinessHoursRoute } from './routes/BusinessHoursRoute';
import { PipelinesRoute } from './routes/PipelinesRoute';
import { CustomFieldsRoute } from './routes/CustomFieldsRoute';

const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  { path: '/signup', element: <SignupRoute /> },
  { path: '/forgot-password', element: <ForgotPasswordRoute /> },
  { path: '/reset-password/:token', element: <ResetPasswordRoute /> },
  { path: '/invite/:token', element: <InviteAcceptRoute /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <LandingRoute /> },
      { path: '/cases', element: <CaseListRoute /> },
      { path: '/search', element: <SearchRoute /> },
      { path: '/settings/account', element: <AccountSettingsRoute /> },
      {
        // Workspace pages: never shown to a guest (issue 21.10).
        element: <MembersOnly />,
        children: [
          { path: '/settings/members', element: <MembersRoute /> },
          { path: '/settings/audit', element: <AuditRoute /> },
          { path: '/settings/routing', element: <RoutingRoute /> },
          { path: '/triage', element: <TriageRoute /> },
          { path: '/settings/webhooks', element: <WebhooksRoute /> },
          { path: '/settings/mailboxes', element: <MailboxesRoute /> },
          { path: '/settings/security', element: <SecurityRoute /> },
          { path: '/settings/saved-replies', element: <SavedRepliesRoute /> },
          { path: '/settings/plan-templates', element: <PlanTemplatesRoute /> },
          { path: '/settings/business-hours', element: <BusinessHoursRoute /> },
          { path: '/settings/pipelines', element: <PipelinesRoute /> },
          { path: '/settings/custom-fields', element: <CustomFieldsRoute /> },
          { path: '/expectations', element: <ExpectationsRoute /> },
          { path: '/contacts', element: <ContactsRoute /> },
          { path: '/contacts/:id', element: <ContactRoute /> },
          { path: '/accounts', element: <AccountsRoute /> },
          { path: '/accounts/:id', element: <AccountRoute /> },
          {
            path: '/dashboard',
            // The charting library is only needed here.
            lazy: async () => ({ Component: (await import('./routes/DashboardRoute')).DashboardRoute }),
          },
        ],
      },
      {
        path: '/cases/:id',
        // The editor stack (Tiptap, ProseMirror, Yjs) is most of the bundle; load it with the case page.
        lazy: async () => ({ Component: (await import('./routes/CaseRoute')).CaseRoute }),
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
