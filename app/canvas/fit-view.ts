type Length = `${number}px` | `${number}%`;

/**
 * The overview (minimap) helps once a pipeline outgrows a glance. It redraws every node on each frame of a pan or
 * zoom: on a 200-node pipeline it halved the zoom frame rate in the canvas bench (8–15 fps with it, 30 without, same
 * loaded machine), so past `max` Zoom to fit and Tidy up are the way around.
 */
const MINIMAP_NODES = { min: 7, max: 150 };
export const showsMinimap = (nodeCount: number) => nodeCount >= MINIMAP_NODES.min && nodeCount <= MINIMAP_NODES.max;

/**
 * Fitting the view keeps nodes out of the corners the overview (top right, 100 px tall) and the zoom controls (bottom
 * right, 40 px wide) cover: a node under them could be seen but not clicked. One definition for opening a pipeline,
 * Zoom to fit, Tidy up and a node added off screen.
 */
export function fitViewOptions(nodeCount: number, duration?: number) {
  const padding: Record<'top' | 'right' | 'bottom' | 'left', Length> = { top: showsMinimap(nodeCount) ? '132px' : '8%', right: '64px', bottom: '8%', left: '8%' };
  return {
    maxZoom: 1,
    padding,
    ...(duration ? { duration } : {}),
  };
}
