// The risk part of triage: the Dash checklist as answered here or as a referring professional already scored
// it (OVH 2.6), the four SafeLives MARAC criteria, and the pack's risk assessment matrix (OVH 3.7.3), with the
// reasons staff read. Pure.
import type { ReportDraft } from '../../dialogs/shared/report';
import type { PolicyPack } from '../policy/pack.schema';
import type { Repeats } from './repeats';
import { assessDash, maxLevel, scoreHarm, type DashScore, type HarmScore, type MaracCriterion, type RiskLevel } from './risk';

const MARAC_REASON: Record<MaracCriterion, string> = {
  visibleHighRisk: 'triage:reason.marac.visibleHighRisk',
  professionalJudgement: 'triage:reason.marac.professionalJudgement',
  potentialEscalation: 'triage:reason.marac.potentialEscalation',
  repeatMarac: 'triage:reason.marac.repeatMarac',
};

type Because = (key: string, source: string, params?: Record<string, string | number>) => void;

export function assessRisk(report: ReportDraft, pack: PolicyPack, repeats: Repeats, because: Because): { dash?: DashScore; harm?: HarmScore; level: RiskLevel } {
  const maracSaid = report.reporter.maracReferral === true;
  const pro = report.risk.professionalAssessment;
  const dashInput = report.risk.dash;
  const assessed = dashInput !== undefined || pro !== undefined || report.risk.policeCallOuts !== undefined || repeats.maracWithinRepeatWindow || report.risk.previousMarac === 'yes';
  const dash = assessed
    ? assessDash(
        dashInput?.answers ?? {},
        {
          ...(pro?.dashYesCount !== undefined ? { professionalYesCount: pro.dashYesCount } : {}),
          professionalJudgement: dashInput?.professionalJudgement === true || pro?.highRiskByJudgement === true,
          ...(report.risk.policeCallOuts !== undefined ? { policeCallOuts: report.risk.policeCallOuts } : {}),
          maracReferralWithinRepeatWindow: repeats.maracWithinRepeatWindow || report.risk.previousMarac === 'yes',
        },
        pack.risk.marac,
        pack.risk.dashMediumYesCount,
      )
    : undefined;
  // A referral raised by a MARAC has met its criteria already (OVH 2.6): high risk, whatever was asked here.
  const dashLevel = maracSaid ? 'high' : dash?.level;
  const harm = report.vulnerability.harm ? scoreHarm(report.vulnerability.harm, pack.risk.matrix) : undefined;
  const riskLevel = maxLevel(dashLevel, harm?.level, pro?.level);
  if (dash) {
    // Say where the count came from: answers given here, or the referrer's own checklist (OVH 2.6).
    const answeredHere = Object.values(dashInput?.answers ?? {}).some((a) => a !== 'skipped');
    const key = answeredHere ? 'triage:reason.dash' : pro?.dashYesCount !== undefined ? 'triage:reason.dashProfessional' : 'triage:reason.dashNotAsked';
    because(key, pack.risk.source, { count: dash.yesCount, answered: dash.answered, level: dash.level });
    for (const criterion of dash.criteria) {
      because(MARAC_REASON[criterion], pack.risk.marac.source, {
        count: dash.yesCount,
        threshold: pack.risk.marac.visibleHighRiskYesCount,
        callOuts: report.risk.policeCallOuts ?? 0,
        months: criterion === 'repeatMarac' ? pack.risk.marac.repeatMarac.windowMonths : pack.risk.marac.potentialEscalation.windowMonths,
      });
    }
    if (dash.namedFlags.length > 0) because('triage:reason.riskIndicators', pack.risk.marac.source, { indicators: dash.namedFlags.join(', ') });
  }
  if (pro?.level !== undefined) because('triage:reason.professionalLevel', 'OVH 2.6 (referrals from support agencies and advocates)', { level: pro.level });
  if (harm) because('triage:reason.harm', pack.risk.matrix.source, { count: harm.yesCount, score: harm.score, level: harm.level });

  return { ...(dash ? { dash } : {}), ...(harm ? { harm } : {}), level: riskLevel };
}
