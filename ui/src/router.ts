/**
 * The app's pages. Every page but the login needs a session; manager pages need the manager
 * role. Each route names its page title, and after each navigation focus moves to the page's
 * heading so that screen reader users hear where they are.
 */
import { nextTick } from 'vue';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from './api/types.ts';
import { hasRole, loadSession, useSession } from './session/use-session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    title: string;
    public?: boolean;
    /** The role, or one of the roles, the page needs. */
    role?: Role | Role[];
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { title: 'Log in', public: true },
  },
  {
    path: '/',
    name: 'caseload',
    component: () => import('./views/CaseloadView.vue'),
    meta: { title: 'Caseload' },
  },
  {
    path: '/cases/new',
    name: 'new-case',
    component: () => import('./views/NewCaseView.vue'),
    meta: { title: 'New case' },
  },
  {
    path: '/cases/:id',
    name: 'case',
    component: () => import('./views/CaseView.vue'),
    props: true,
    meta: { title: 'Case' },
  },
  {
    path: '/cases/:id/forms/:formId',
    name: 'case-form',
    component: () => import('./views/FormView.vue'),
    props: true,
    meta: { title: 'Form' },
  },
  {
    path: '/team',
    name: 'team',
    component: () => import('./views/TeamView.vue'),
    meta: { title: "Team's cases", role: 'manager' },
  },
  {
    path: '/sign-offs',
    name: 'sign-offs',
    component: () => import('./views/SignOffsView.vue'),
    meta: { title: 'Sign-offs', role: 'manager' },
  },
  {
    path: '/forms',
    name: 'forms',
    component: () => import('./views/FormsHomeView.vue'),
    meta: { title: 'Forms', role: 'practice_lead' },
  },
  {
    path: '/forms/:id',
    name: 'form-designer',
    component: () => import('./views/FormDesignerView.vue'),
    props: true,
    meta: { title: 'Form designer', role: 'practice_lead' },
  },
  {
    path: '/document-templates',
    name: 'document-templates',
    component: () => import('./views/DocumentTemplatesView.vue'),
    meta: { title: 'Document templates', role: 'practice_lead' },
  },
  {
    path: '/document-templates/:id',
    name: 'template-designer',
    component: () => import('./views/TemplateDesignerView.vue'),
    props: true,
    meta: { title: 'Document template', role: 'practice_lead' },
  },
  {
    path: '/workflows',
    name: 'workflows',
    component: () => import('./views/WorkflowsHomeView.vue'),
    meta: { title: 'Workflows', role: 'admin' },
  },
  {
    path: '/workflows/:id',
    name: 'workflow-designer',
    component: () => import('./views/WorkflowDesignerView.vue'),
    props: true,
    meta: { title: 'Workflow designer', role: 'admin' },
  },
  {
    path: '/reports',
    name: 'reports',
    component: () => import('./views/ReportsView.vue'),
    meta: { title: 'Reports', role: ['manager', 'admin'] },
  },
  {
    path: '/cases/:id/access-log',
    name: 'access-log',
    component: () => import('./views/AccessLogView.vue'),
    props: true,
    meta: { title: 'Access log', role: ['manager', 'admin'] },
  },
  {
    path: '/password',
    name: 'change-password',
    component: () => import('./views/ChangePasswordView.vue'),
    meta: { title: 'Change your password' },
  },
  {
    path: '/admin/users',
    name: 'users',
    component: () => import('./views/UsersView.vue'),
    meta: { title: 'Users and teams', role: 'admin' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { title: 'Page not found', public: true },
  },
];

/** Builds the router with the session guard. */
export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const user = await loadSession();
    if (!user) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    // A password an admin gave works only to choose one's own: every page waits for that.
    if (useSession().mustChangePassword && to.name !== 'change-password')
      return { name: 'change-password', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    // A practice lead who holds no caseload lands on the forms, not on an empty caseload.
    if (
      to.name === 'caseload' &&
      hasRole('practice_lead') &&
      !hasRole('practitioner') &&
      !hasRole('manager')
    )
      return { name: 'forms' };
    // So does an admin who holds no caseload, on the workflows.
    if (
      to.name === 'caseload' &&
      hasRole('admin') &&
      !hasRole('practitioner') &&
      !hasRole('manager')
    )
      return { name: 'workflows' };
    if (to.meta.role && ![to.meta.role].flat().some((role) => hasRole(role)))
      return { name: 'caseload' };
    return true;
  });
  router.afterEach((to, from) => {
    document.title = `${to.meta.title} – Lowform`;
    if (from.matched.length === 0) return;
    void nextTick().then(() => {
      document.querySelector<HTMLElement>('main h1')?.focus();
    });
  });
  return router;
}
