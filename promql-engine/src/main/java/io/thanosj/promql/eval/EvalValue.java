package io.thanosj.promql.eval;

/**
 * What a node evaluates to over a step grid: instant-vector series with a value per step, a
 * scalar per step, a string, or raw range-vector samples (only for a top-level matrix).
 */
sealed interface EvalValue permits SeriesList, ScalarSteps, StringResult, RawMatrix {}
