export * from './county-plans-service';
export * from './main';
export * from './projections/county-plans.projection';
export * from './projections/county-reports.projection';
export * from './domain/county-plan';
export * from './domain/county-report';
export { countyPlanDecider } from './domain/county-plan.decider';
export { countyReportDecider } from './domain/county-report.decider';
export * from './projections/county-progress.projection';
