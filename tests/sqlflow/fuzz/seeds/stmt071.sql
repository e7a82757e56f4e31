TO MAXIMIZE SUM((price - materials_cost - other_cost) * product)
CONSTRAINT SUM(finishing * product) <= 100,
           SUM(carpentry * product) <= 80,
		   product <= max_num
WITH variables="product",
	 product="Integers"
USING glpk
INTO db.table;