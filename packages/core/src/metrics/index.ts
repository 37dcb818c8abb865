export { defineMetric, emptyExpansion } from './defineMetric.js';
export type { MetricDefinition, MetricExpansion, MetricRefKind } from './defineMetric.js';
export {
  METRICS,
  getMetric,
  activations,
  volume,
  efficiencyShare,
  targetAttainment,
  tierTable,
  rateByCategoryTerritory,
  kpiGate,
  kpiMultiplier,
  slaCompliance,
  firstTimeFix,
  averageInterventionTime,
  capFloor,
  spif,
  contractBonus,
  gatedBonus,
} from './library.js';
export {
  applyMetric,
  updateMetric,
  removeMetric,
  listMetricInstances,
  expandMetric,
  expansionNodes,
  formatMetricTag,
  parseMetricTag,
} from './applyMetric.js';
export type { MetricInstance } from './applyMetric.js';
export { metricFields } from './metricFields.js';
export type { MetricField } from './metricFields.js';
