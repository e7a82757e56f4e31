TO PREDICT db.table.field
USING sqlflow_models.my_dnn_model;