/** Record builders for the store contract tests. */
import type {
  CaseRecord,
  DefinitionRecord,
  DocumentRecord,
  SessionRecord,
  SubmissionRecord,
  UserRecord,
} from '../../server/store/store.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 14, 9, minute)).toISOString();

/** A case with sensible defaults; `n` makes the id, reference and times distinct. */
export function makeCase(n: number, overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: `case-${String(n).padStart(4, '0')}`,
    version: 1,
    reference: `CP-2026-${String(n).padStart(6, '0')}`,
    workflowId: 'child-protection',
    workflowVersion: 1,
    snapshot: { value: 'referral' },
    stage: 'referral',
    final: false,
    subject: { firstName: 'Ada', lastName: `Example${n}`, dateOfBirth: '2019-03-14' },
    team: 'north',
    assignee: null,
    workers: [],
    restricted: false,
    deadline: null,
    dueAt: '9999-12-31T00:00:00.000Z',
    stageTitle: 'Contact and referral',
    stages: [{ state: 'referral', title: 'Contact and referral' }],
    stageStates: ['referral'],
    visibleTo: ['team:north', 'managers:north'],
    pendingEvents: [],
    signOffRequests: [],
    signOffs: [],
    searchTerms: ['ada', `example${n}`],
    createdAt: at(n % 60),
    updatedAt: at(n % 60),
    createdBy: 'user-1',
    ...overrides,
  };
}

/** A user. */
export function makeUser(n: number): UserRecord {
  return {
    id: `user-${n}`,
    version: 1,
    username: `worker${n}`,
    displayName: `Worker ${n}`,
    passwordHash: '$argon2id$placeholder',
    roles: ['practitioner'],
    teams: ['north'],
    active: true,
    createdAt: at(0),
    updatedAt: at(0),
  };
}

/** A session. */
export function makeSession(n: number): SessionRecord {
  return {
    id: `session-${n}`,
    version: 1,
    userId: 'user-1',
    userStamp: 'stamp-1',
    csrfToken: `csrf-${n}`,
    createdAt: at(0),
    lastSeenAt: at(0),
    expiresAt: at(59),
  };
}

/** A published definition or a draft. */
export function makeDefinition(id: string, v: number | 'draft'): DefinitionRecord {
  return {
    id: `${id}@${v}`,
    version: 1,
    definitionId: id,
    definitionVersion: v === 'draft' ? 99 : v,
    status: v === 'draft' ? 'draft' : 'published',
    definition: JSON.stringify({ id, title: 'Contact', schema: { $schema: 'x', type: 'object' } }),
    createdAt: at(0),
    updatedAt: at(0),
    updatedBy: 'user-1',
  };
}

/** A submission. */
export function makeSubmission(n: number, caseId = 'case-0001'): SubmissionRecord {
  return {
    id: `${caseId}:contact:${n}`,
    version: 1,
    caseId,
    formId: 'contact',
    formVersion: 1,
    status: 'submitted',
    data: { concerns: `Recorded concern ${n}` },
    author: 'user-1',
    createdAt: at(n % 60),
    updatedAt: at(n % 60),
  };
}

/** A stored document. */
export function makeDocument(n: number): DocumentRecord {
  return {
    id: `doc-${n}`,
    version: 1,
    caseId: 'case-0001',
    templateId: 'conference-report',
    format: 'html',
    content: '<h1>Report</h1>',
    createdAt: at(n % 60),
    createdBy: 'user-1',
  };
}
