import { type Organisation, type Partner, UpdateOrganisation } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitIssues } from '../api/problem.ts';
import { type ResourceHandle, useResource } from '../api/use-resource.ts';
import { useVersionedPatch } from '../api/use-versioned-patch.ts';
import { useSignedIn } from '../auth/session.tsx';
import { CheckboxGroup, FormActions } from '../components/fields.tsx';
import { CheckField, TextAreaField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { isolate } from '../i18n/format.ts';
import type { Vocabularies } from '../vocabularies/use-vocabularies.ts';

/** What referrals an organisation takes, as partners read it (the partner directory carries the same fields). */
type Intake = Pick<Organisation, 'referralsPaused' | 'referralServices' | 'referralNote'>;

/** The services an intake lists, in words, or "any service". */
export function intakeServices(intake: Intake, vocab: Vocabularies, any: string): string {
  return intake.referralServices === null
    ? any
    : intake.referralServices.map((s) => vocab.label('corridor.service_type', s)).join(', ');
}

/**
 * What referrals the organisation takes: shown to its staff on the referral inbox; its administrators (or a platform
 * administrator, on the organisation's page) pause new referrals, list the services taken and leave partners a note.
 * Saved with the organisation's ETag, so two administrators do not overwrite each other.
 */
export function ReferralIntakeSection({
  organisationId,
  canEdit,
  vocab,
}: {
  organisationId: string;
  canEdit: boolean;
  vocab: Vocabularies;
}) {
  const org = useResource<Organisation>(`/api/organisations/${encodeURIComponent(organisationId)}`);
  return <ReferralIntake org={org} canEdit={canEdit} vocab={vocab} />;
}

/**
 * The same, on a page that has the organisation loaded already (its own page, whose other form saves the same
 * record): both forms then take each other's saves, with the new ETag, instead of refusing the next one as a conflict.
 */
export function ReferralIntake({
  org,
  canEdit,
  vocab,
}: {
  org: ResourceHandle<Organisation>;
  canEdit: boolean;
  vocab: Vocabularies;
}) {
  const { t } = useTranslation();
  const session = useSignedIn();
  // Kept here: a save gives the form a new key (the new ETag), which starts it afresh.
  const [notice, setNotice] = useState<string | null>(null);
  // A platform administrator on another organisation's page reads that organisation's intake, named, not "yours".
  const other = org.data && org.data.id !== session.organisation.id ? org.data : null;
  return (
    <section aria-labelledby="intake-title" data-testid="referral-intake">
      <h2 id="intake-title">
        {other ? t('referrals.intake.titleOf', { name: isolate(other.name) }) : t('referrals.intake.title')}
      </h2>
      <p className="hint">{other ? t('referrals.intake.introOf') : t('referrals.intake.intro')}</p>
      {org.status === 'error' && <FormStatus problem={org.problem} />}
      {!org.data && org.status === 'loading' && <Loading />}
      {org.data && (
        <dl className="facts" data-testid="intake-summary">
          <dt>{t('referrals.status')}</dt>
          <dd data-testid="intake-status">
            {org.data.referralsPaused ? t('referrals.intake.paused') : t('referrals.intake.open')}
          </dd>
          <dt>{t('referrals.intake.servicesTerm')}</dt>
          <dd data-testid="intake-services">{intakeServices(org.data, vocab, t('referrals.intake.anyService'))}</dd>
          <dt>{t('referrals.intake.note')}</dt>
          <dd data-testid="intake-note">{org.data.referralNote ?? '—'}</dd>
        </dl>
      )}
      <Notice message={notice} />
      {org.data && canEdit && (
        <IntakeForm
          key={org.etag ?? org.data.version}
          organisation={org.data}
          etag={org.etag ?? `"v${org.data.version}"`}
          vocab={vocab}
          onSaved={(saved, etag) => {
            setNotice(t('referrals.intake.saved'));
            org.replace(saved, etag);
          }}
          onConflict={() => {
            setNotice(t('common.conflict'));
            org.reload();
          }}
        />
      )}
    </section>
  );
}

function IntakeForm({
  organisation,
  etag,
  vocab,
  onSaved,
  onConflict,
}: {
  organisation: Organisation;
  etag: string;
  vocab: Vocabularies;
  onSaved: (saved: Organisation, etag: string | null) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const [paused, setPaused] = useState(organisation.referralsPaused);
  const [services, setServices] = useState<string[]>(organisation.referralServices ?? []);
  const [note, setNote] = useState(organisation.referralNote ?? '');
  const { busy, problem, patch } = useVersionedPatch(
    `/api/organisations/${organisation.id}`,
    etag,
    onSaved,
    onConflict,
  );
  const { byField, rest } = splitIssues(problem, ['referralsPaused', 'referralServices', 'referralNote']);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void patch(UpdateOrganisation, {
      referralsPaused: paused,
      // None ticked: any service.
      referralServices: services.length ? services : null,
      referralNote: note,
    });
  };

  return (
    <form onSubmit={submit} noValidate className="form" data-testid="intake-form">
      <FormStatus problem={problem} rest={rest} />
      <CheckField
        label={t('referrals.intake.pause')}
        name="referralsPaused"
        checked={paused}
        onChange={setPaused}
        issues={byField.referralsPaused}
      />
      <CheckboxGroup
        label={t('referrals.intake.servicesLegend')}
        hint={t('referrals.intake.servicesHint', {
          caseManagement: vocab.label('corridor.service_type', 'case_management'),
        })}
        name="referralServices"
        options={vocab.options('corridor.service_type')}
        value={services}
        onChange={setServices}
        issues={byField.referralServices}
      />
      <TextAreaField
        label={t('referrals.intake.note')}
        hint={t('referrals.intake.noteHint')}
        name="referralNote"
        maxLength={300}
        value={note}
        onChange={setNote}
        issues={byField.referralNote}
      />
      <FormActions>
        <button type="submit" className="button primary" disabled={busy} data-testid="intake-save">
          {t('common.save')}
        </button>
      </FormActions>
    </form>
  );
}

/**
 * On the referral form, under the chosen partner: the services it takes referrals for and its note, and a warning
 * when what is being referred is not among them (the server refuses such a referral). Nothing when it said nothing.
 */
export function PartnerIntakeNotice({
  partner,
  wanted,
  vocab,
}: {
  partner: Partner | undefined;
  /** The service being referred ('case_management' for a whole case); '' while none is chosen. */
  wanted: string;
  vocab: Vocabularies;
}) {
  const { t } = useTranslation();
  if (!partner || (partner.referralServices === null && partner.referralNote === null)) return null;
  const organisation = isolate(partner.name);
  const outside = partner.referralServices !== null && wanted !== '' && !partner.referralServices.includes(wanted);
  return (
    <div className="notice" data-testid="partner-intake">
      {partner.referralServices !== null && (
        <p>
          {t('referrals.intake.partnerTakes', {
            organisation,
            list: intakeServices(partner, vocab, t('referrals.intake.anyService')),
          })}
        </p>
      )}
      {outside && (
        <p role="alert" data-testid="partner-intake-outside">
          <strong>
            {wanted === 'case_management'
              ? t('referrals.intake.wholeCaseNeeds', {
                  organisation,
                  caseManagement: vocab.label('corridor.service_type', 'case_management'),
                })
              : t('referrals.intake.partnerNotTaking', { organisation })}
          </strong>
        </p>
      )}
      {partner.referralNote !== null && (
        <p data-testid="partner-intake-note">
          {t('referrals.intake.partnerNote', { organisation, note: isolate(partner.referralNote) })}
        </p>
      )}
    </div>
  );
}
