"""Table and figure helpers shared by the quality benchmarks."""

import os
import textwrap

import matplotlib
matplotlib.use("Agg")  # Files only: no display needed.
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = ["image_rows", "markdown_table", "median", "save", "scaled",
           "scatter_panels", "spread"]

# Small figures keep the docs' PNGs small.
DPI = 72


def scaled(config, scale):
  """`config` with `scale` times its iterations (at least one)."""
  if scale == 1.0:
    return config
  return config._replace(n_iter=max(1, int(round(config.n_iter * scale))))


def median(values):
  return float(np.median(np.asarray(values, dtype=np.float64)))


def spread(values, fmt):
  """"median (min-max)" of `values`, or the value alone for one seed."""
  values = np.asarray(values, dtype=np.float64)
  text = fmt.format(np.median(values))
  if len(values) > 1:
    text += " ({}-{})".format(fmt.format(values.min()),
                              fmt.format(values.max()))
  return text


def markdown_table(header, rows):
  lines = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
  lines += ["| " + " | ".join(str(cell) for cell in row) + " |"
            for row in rows]
  return "\n".join(lines)


def save(fig, img_dir, filename):
  os.makedirs(img_dir, exist_ok=True)
  path = os.path.join(img_dir, filename)
  fig.savefig(path, dpi=DPI, bbox_inches="tight")
  plt.close(fig)
  return path


def scatter_panels(panels, centers, limit, img_dir, filename):
  """One scatter plot per (title, points) panel, mode centres in red."""
  fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3.4),
                           squeeze=False)
  for ax, (title, points) in zip(axes[0], panels):
    points = np.asarray(points)
    if points.shape[1] == 1:
      # A 1-D set: a histogram over the line, centres marked below it.
      ax.hist(points[:, 0], bins=np.linspace(-limit, limit, 161),
              color="tab:blue")
      ax.plot(centers[:, 0], np.zeros(len(centers)), "r^", markersize=5)
      ax.set_xlim(-limit, limit)
      ax.set_yticks([])
    else:
      ax.scatter(points[:, 0], points[:, 1], s=1.5, alpha=0.35,
                 color="tab:blue", rasterized=True)
      ax.scatter(centers[:, 0], centers[:, 1], s=8, color="red", marker="x")
      ax.set_xlim(-limit, limit)
      ax.set_ylim(-limit, limit)
      ax.set_aspect("equal")
    # Long variant names wrap rather than run into the next panel.
    ax.set_title(textwrap.fill(title, 32), fontsize=8)
    ax.tick_params(labelsize=7)
  return save(fig, img_dir, filename)


def image_rows(rows, side, img_dir, filename):
  """Rows of small grey images: [(label, images of side*side pixels)]."""
  n_columns = max(len(images) for _, images in rows)
  fig, axes = plt.subplots(len(rows), n_columns,
                           figsize=(0.55 * n_columns + 1.6, 0.6 * len(rows)),
                           squeeze=False)
  for (label, images), row in zip(rows, axes):
    for ax in row:
      ax.axis("off")
    for ax, image in zip(row, images):
      ax.imshow(np.reshape(image, (side, side)), cmap="Greys_r", vmin=0.0,
                vmax=1.0)
    row[0].text(-1.0, 0.5, label, transform=row[0].transAxes, ha="right",
                va="center", fontsize=8)
  return save(fig, img_dir, filename)
