import {
  Agreement,
  AgreementList,
  CreateLinkageProject,
  EncodeRequested,
  EncodingsImported,
  IdParams,
  LinkageEncodingsFile,
  LinkageProject,
  LinkageProjectList,
  LinkageResults,
  RecordAgreement,
} from '@corridor/contracts';
import { defineRoute } from '../../http/route.ts';
import { linkageProjectPolicies as policy } from './projects.policy.ts';
import {
  createProject,
  exportEncodings,
  getProject,
  getProjectAsMember,
  importEncodings,
  listAgreements,
  listProjects,
  presentProject,
  recordAgreement,
  requestEncoding,
  resultsFor,
} from './projects.service.ts';

/** Routes of privacy-preserving linkage between organisations (docs/linkage.md). */
export const linkageProjectRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/data-sharing-agreements',
    operationId: 'recordAgreement',
    summary: 'Record a data-sharing agreement between two organisations (purpose and dates)',
    tags: ['linkage'],
    policy: policy.manage,
    body: RecordAgreement,
    creates: true,
    errors: ['invalid_reference'],
    response: { status: 201, schema: Agreement, description: 'The agreement.' },
    handler: async ({ trx, principal, body, now, audit }) => {
      const id = await recordAgreement(trx, principal, body, now);
      await audit({
        action: 'agreement.record',
        entityType: 'data_sharing_agreement',
        entityId: id,
        details: {
          a: body.organisationAId,
          b: body.organisationBId,
          purpose: body.purpose,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
        },
      });
      const [a] = await listAgreements(trx, principal, id);
      return { status: 201, body: a! };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/data-sharing-agreements',
    operationId: 'listAgreements',
    summary: 'Data-sharing agreements: all (platform administrators) or those of your organisation',
    tags: ['linkage'],
    policy: policy.readAgreements,
    response: { status: 200, schema: AgreementList, description: 'Newest first.' },
    handler: async ({ db, principal }) => ({ body: { items: await listAgreements(db, principal) } }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage-projects',
    operationId: 'createLinkageProject',
    summary: 'Create a linkage project: member organisations, a linkage schema v3 and a fresh secret',
    tags: ['linkage'],
    policy: policy.manage,
    body: CreateLinkageProject,
    creates: true,
    errors: ['invalid_reference'],
    response: { status: 201, schema: LinkageProject, description: 'The project (its secret never leaves the server).' },
    handler: async ({ trx, deps, principal, body, now, audit }) => {
      const id = await createProject(trx, deps.config, principal, body, now);
      await audit({
        action: 'linkage_project.create',
        entityType: 'linkage_project',
        entityId: id,
        details: { members: body.memberOrganisationIds, custody: body.secretCustody },
      });
      return { status: 201, body: await presentProject(trx, await getProject(trx, principal, id)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/linkage-projects',
    operationId: 'listLinkageProjects',
    summary: 'Linkage projects: all (platform administrators) or those your organisation is a member of',
    tags: ['linkage'],
    policy: policy.read,
    response: { status: 200, schema: LinkageProjectList, description: 'Newest first.' },
    handler: async ({ db, principal }) => {
      const rows = await listProjects(db, principal);
      return { body: { items: await Promise.all(rows.map((r) => presentProject(db, r))) } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/linkage-projects/:id',
    operationId: 'getLinkageProject',
    summary: 'A linkage project, its schema and the state of each member’s encodings',
    tags: ['linkage'],
    policy: policy.read,
    params: IdParams,
    response: { status: 200, schema: LinkageProject, description: 'The project.' },
    handler: async ({ db, principal, params }) => ({
      body: await presentProject(db, await getProject(db, principal, params.id)),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/linkage-projects/:id/encode',
    operationId: 'requestLinkageEncoding',
    summary: 'Ask for your organisation’s people to be encoded for the project (done by the linkage-projects job)',
    tags: ['linkage'],
    policy: policy.encode,
    params: IdParams,
    errors: ['invalid_transition'],
    response: { status: 202, schema: EncodeRequested, description: 'The request; the job encodes, then matches.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const project = await getProjectAsMember(trx, principal, params.id);
      await requestEncoding(trx, principal, project, now);
      await audit({
        action: 'linkage_project.encode_request',
        entityType: 'linkage_project',
        entityId: project.id,
        organisationId: principal.organisationId,
      });
      return {
        status: 202,
        body: { projectId: project.id, organisationId: principal.organisationId, requestedAt: now.toISOString() },
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/linkage-projects/:id/encodings',
    operationId: 'importLinkageEncodings',
    summary: 'Replace your organisation’s encodings with an encodings file (from `corridor linkage encode`)',
    tags: ['linkage'],
    policy: policy.encode,
    params: IdParams,
    body: LinkageEncodingsFile,
    bodyLimit: () => 64 * 1024 * 1024,
    response: { status: 200, schema: EncodingsImported, description: 'How many records were imported.' },
    handler: async ({ trx, principal, params, body, now, audit }) => {
      const project = await getProjectAsMember(trx, principal, params.id);
      const records = await importEncodings(trx, principal, project, body, now);
      await audit({
        action: 'linkage_project.import_encodings',
        entityType: 'linkage_project',
        entityId: project.id,
        organisationId: principal.organisationId,
        details: { records },
      });
      return { body: { projectId: project.id, organisationId: principal.organisationId, records } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/linkage-projects/:id/encodings',
    operationId: 'exportLinkageEncodings',
    summary: 'Your organisation’s encodings as a file, to link with another Corridor deployment (audited)',
    tags: ['linkage'],
    policy: policy.encode,
    params: IdParams,
    transactional: true,
    response: { status: 200, schema: null, description: 'The encodings file (JSON).' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const project = await getProjectAsMember(trx, principal, params.id);
      const file = await exportEncodings(trx, principal, project);
      await audit({
        action: 'linkage_project.export_encodings',
        entityType: 'linkage_project',
        entityId: project.id,
        organisationId: principal.organisationId,
        details: { records: file.ids.length },
      });
      const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
      return {
        body: null,
        file: {
          contentType: 'application/json',
          filename: `encodings-${stamp}Z.clk.json`,
          data: Buffer.from(JSON.stringify(file)),
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/linkage-projects/:id/results',
    operationId: 'getLinkageResults',
    summary: 'Which of your own people each partner also knows (no score, no partner identifier; audited read)',
    tags: ['linkage'],
    policy: policy.results,
    params: IdParams,
    transactional: true,
    response: { status: 200, schema: LinkageResults, description: 'Your records with a partner, and their case.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const project = await getProjectAsMember(trx, principal, params.id);
      const results = await resultsFor(trx, principal, project, now);
      await audit({
        action: 'linkage_project.results_read',
        entityType: 'linkage_project',
        entityId: project.id,
        organisationId: principal.organisationId,
        purpose: 'referral',
        sensitiveRead: true,
        details: { records: results.items.length },
      });
      return { body: results };
    },
  }),
];
