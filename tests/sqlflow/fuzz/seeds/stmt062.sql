TO EXPLAIN my_model
WITH
  plots = force
USING TreeExplainer;