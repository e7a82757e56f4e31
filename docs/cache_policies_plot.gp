# Written by bench_cache_policies; run in docs/: gnuplot cache_policies_plot.gp
set terminal svg size 1100,760 dynamic font 'sans,10'
set output 'cache_policies_ratio.svg'
set grid ytics
set logscale y 2
set key top right
set multiplot layout 2,2 title 'Miss cost / lower bound (mean over cells; 1 = optimal)'
set title 'estimate error sigma = 0'
set xlabel 'cache capacity (share of intermediate bytes)'
plot 'cache_policies_plot.dat' index 0 using 0:3:xtic(2) with linespoints title 'couler', 'cache_policies_plot.dat' index 0 using 0:4:xtic(2) with linespoints title 'importance-factor', 'cache_policies_plot.dat' index 0 using 0:5:xtic(2) with linespoints title 'lru', 'cache_policies_plot.dat' index 0 using 0:6:xtic(2) with linespoints title 'fifo', 'cache_policies_plot.dat' index 0 using 0:7:xtic(2) with linespoints title 'lrc', 'cache_policies_plot.dat' index 0 using 0:8:xtic(2) with linespoints title 'mrd', 'cache_policies_plot.dat' index 0 using 0:9:xtic(2) with linespoints title 'gds', 'cache_policies_plot.dat' index 0 using 0:10:xtic(2) with linespoints title 'belady'
set title 'estimate error sigma = 0.25'
set xlabel 'cache capacity (share of intermediate bytes)'
plot 'cache_policies_plot.dat' index 1 using 0:3:xtic(2) with linespoints title 'couler', 'cache_policies_plot.dat' index 1 using 0:4:xtic(2) with linespoints title 'importance-factor', 'cache_policies_plot.dat' index 1 using 0:5:xtic(2) with linespoints title 'lru', 'cache_policies_plot.dat' index 1 using 0:6:xtic(2) with linespoints title 'fifo', 'cache_policies_plot.dat' index 1 using 0:7:xtic(2) with linespoints title 'lrc', 'cache_policies_plot.dat' index 1 using 0:8:xtic(2) with linespoints title 'mrd', 'cache_policies_plot.dat' index 1 using 0:9:xtic(2) with linespoints title 'gds', 'cache_policies_plot.dat' index 1 using 0:10:xtic(2) with linespoints title 'belady'
set title 'estimate error sigma = 0.5'
set xlabel 'cache capacity (share of intermediate bytes)'
plot 'cache_policies_plot.dat' index 2 using 0:3:xtic(2) with linespoints title 'couler', 'cache_policies_plot.dat' index 2 using 0:4:xtic(2) with linespoints title 'importance-factor', 'cache_policies_plot.dat' index 2 using 0:5:xtic(2) with linespoints title 'lru', 'cache_policies_plot.dat' index 2 using 0:6:xtic(2) with linespoints title 'fifo', 'cache_policies_plot.dat' index 2 using 0:7:xtic(2) with linespoints title 'lrc', 'cache_policies_plot.dat' index 2 using 0:8:xtic(2) with linespoints title 'mrd', 'cache_policies_plot.dat' index 2 using 0:9:xtic(2) with linespoints title 'gds', 'cache_policies_plot.dat' index 2 using 0:10:xtic(2) with linespoints title 'belady'
set title 'estimate error sigma = 1'
set xlabel 'cache capacity (share of intermediate bytes)'
plot 'cache_policies_plot.dat' index 3 using 0:3:xtic(2) with linespoints title 'couler', 'cache_policies_plot.dat' index 3 using 0:4:xtic(2) with linespoints title 'importance-factor', 'cache_policies_plot.dat' index 3 using 0:5:xtic(2) with linespoints title 'lru', 'cache_policies_plot.dat' index 3 using 0:6:xtic(2) with linespoints title 'fifo', 'cache_policies_plot.dat' index 3 using 0:7:xtic(2) with linespoints title 'lrc', 'cache_policies_plot.dat' index 3 using 0:8:xtic(2) with linespoints title 'mrd', 'cache_policies_plot.dat' index 3 using 0:9:xtic(2) with linespoints title 'gds', 'cache_policies_plot.dat' index 3 using 0:10:xtic(2) with linespoints title 'belady'
unset multiplot
