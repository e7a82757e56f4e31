SELECT f9, target FROM housing.test
TO PREDICT housing.predict.class USING housing.dnn_model;