
SELECT * FROM %[2]s
TO PREDICT %[1]s.test_result_table.class
USING %[3]s;

SELECT * FROM %[1]s.test_result_table;

SELECT * FROM %[2]s
TO EVALUATE %[3]s
WITH
	validation.metrics="accuracy_score"
LABEL class
INTO %[1]s.evaluate_result_table;

SELECT * FROM %[1]s.evaluate_result_table;

SHOW TRAIN %[3]s;

SELECT * FROM %[2]s
TO EXPLAIN %[3]s
WITH
	summary.plot_type = bar,
	label_col = class
INTO %[1]s.explain_result_table;

SELECT * FROM %[1]s.explain_result_table;

SELECT * FROM %[2]s
TO EXPLAIN %[3]s
WITH
	summary.plot_type = bar,
	label_col = class
USING XGBoostExplainer
INTO %[1]s.explain_result_table;

SELECT * FROM %[1]s.explain_result_table;
