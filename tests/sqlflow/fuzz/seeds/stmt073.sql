TO MINIMIZE SUM((price - materials_cost - other_cost) * product)
CONSTRAINT SUM(finishing * product) <= 100 GROUP BY product,
           SUM(carpentry * product) <= 80,
		   product <= max_num
WITH variables="product",
	 product="Integers"
INTO db.table;