/**
 * The part of ECharts the `chart` block uses (core + 4 chart types + a few components + the SVG
 * renderer), loaded lazily by diagrams.ts as its own chunk. SVG rather than canvas: a chart has at
 * most a few thousand points, its text stays sharp at any zoom, and its colours are in the DOM,
 * where a test can read them (the theme's contrast is checked end to end).
 */
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, PieChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

export { echarts }
