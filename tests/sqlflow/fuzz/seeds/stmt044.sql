
	SELECT
		t.plants AS plants,
		t.markets AS markets,
		t.distance AS distance,
		p.capacity AS capacity,
		m.demand AS demand FROM optimize_test_db.transportation_table AS t
	LEFT JOIN optimize_test_db.plants_table AS p ON t.plants = p.plants
	LEFT JOIN optimize_test_db.markets_table AS m ON t.markets = m.markets
	TO MINIMIZE SUM(shipment * distance * 90 / 1000)
	CONSTRAINT SUM(shipment) <= capacity GROUP BY plants,
		SUM(shipment) >= demand GROUP BY markets
	WITH variables="shipment(plants,markets)",
		var_type="NonNegativeIntegers"
	INTO optimize_test_db.optimize_result_table;

	SELECT * FROM optimize_test_db.optimize_result_table;
