"""Evaluation checklists (督导评估指标), their decomposition to units and people (指标分解),
self-scoring and the evidence archive (台账资料)."""
