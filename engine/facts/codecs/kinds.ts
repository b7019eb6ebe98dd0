/** Every fact kind of SPEC §2 and what it is made of. */
import type { FactKind } from '../fact'
import { aceIndicatorSpec } from './ace-indicator'
import { assessmentFactorSpec } from './assessment-factor'
import { attendanceSpec } from './attendance'
import { carePeriodSpec } from './care-period'
import { childSpec } from './child'
import { domesticAbuseContactSpec } from './domestic-abuse-contact'
import { drugIntelligenceSpec } from './drug-intelligence'
import { educationStatusSpec } from './education-status'
import { exclusionSpec } from './exclusion'
import type { AnyKindSpec } from './kind-spec'
import { missingEpisodeSpec } from './missing-episode'
import { youthJusticeOutcomeSpec } from './youth-justice-outcome'

export const KIND_SPECS: { readonly [K in FactKind]: AnyKindSpec } = {
  child: childSpec,
  care_period: carePeriodSpec,
  missing_episode: missingEpisodeSpec,
  attendance: attendanceSpec,
  exclusion: exclusionSpec,
  education_status: educationStatusSpec,
  ace_indicator: aceIndicatorSpec,
  assessment_factor: assessmentFactorSpec,
  domestic_abuse_contact: domesticAbuseContactSpec,
  drug_intelligence: drugIntelligenceSpec,
  youth_justice_outcome: youthJusticeOutcomeSpec,
}
