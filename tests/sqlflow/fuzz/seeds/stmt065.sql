TO EXPLAIN my_model
USING TreeExplainer
INTO db.table;