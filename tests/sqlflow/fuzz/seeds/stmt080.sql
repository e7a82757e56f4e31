TO TRAIN DNNClassifier
WITH
  n_classes = 3,
  hidden_units = [10, 20]
COLUMN
	employee.name,
  bucketize(last_name, 1000),
  cross(embedding(employee.name), bucketize(last_name, 1000)),
	cross(indicator(employee.name), bucketize(last_name, 1000)),
	concat(",", employee.col1, employee.col2),
	concat(',', employee.col1, employee.col2)
COLUMN
  cross(embedding(employee.name), bucketize(last_name, 1000)),
  cross(indicator(employee.name), bucketize(last_name, 1000)) FOR C2
LABEL employee.salary
INTO sqlflow_models.my_dnn_model;
