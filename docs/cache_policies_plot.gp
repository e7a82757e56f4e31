set terminal svg size 800,480 dynamic font 'sans,11'
set datafile separator ' '
set key outside right
set grid ytics
set xlabel 'cache capacity (share of intermediate bytes)'
set output 'cache_policies_cost.svg'
set ylabel 'miss cost / miss cost without cache (mean)'
set title 'Cache policies on ../shared/workloads: miss cost'
plot 'cache_policies_plot.dat' using 0:2:xtic(1) with linespoints title 'couler', 'cache_policies_plot.dat' using 0:3:xtic(1) with linespoints title 'importance-factor', 'cache_policies_plot.dat' using 0:4:xtic(1) with linespoints title 'lru', 'cache_policies_plot.dat' using 0:5:xtic(1) with linespoints title 'fifo', 'cache_policies_plot.dat' using 0:6:xtic(1) with linespoints title 'lrc', 'cache_policies_plot.dat' using 0:7:xtic(1) with linespoints title 'mrd', 'cache_policies_plot.dat' using 0:8:xtic(1) with linespoints title 'gds', 'cache_policies_plot.dat' using 0:9:xtic(1) with linespoints title 'belady'
set output 'cache_policies_hit.svg'
set ylabel 'hit ratio (mean)'
set title 'Cache policies on ../shared/workloads: hit ratio'
plot 'cache_policies_plot.dat' using 0:10:xtic(1) with linespoints title 'couler', 'cache_policies_plot.dat' using 0:11:xtic(1) with linespoints title 'importance-factor', 'cache_policies_plot.dat' using 0:12:xtic(1) with linespoints title 'lru', 'cache_policies_plot.dat' using 0:13:xtic(1) with linespoints title 'fifo', 'cache_policies_plot.dat' using 0:14:xtic(1) with linespoints title 'lrc', 'cache_policies_plot.dat' using 0:15:xtic(1) with linespoints title 'mrd', 'cache_policies_plot.dat' using 0:16:xtic(1) with linespoints title 'gds', 'cache_policies_plot.dat' using 0:17:xtic(1) with linespoints title 'belady'
