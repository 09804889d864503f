"""ImplicitKLqp: its objectives against NumPy, its scopes, its errors."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences import implicit_klqp
from edward_lite.models import Normal

X_DATA = np.array([[1.0, 0.5], [-0.3, 2.0], [0.7, -1.2], [0.0, 1.0]],
                  np.float32)
Y_DATA = np.array([1.0, -2.0, 0.5, 3.0], np.float32)
# The linear ratio estimator r(y, w) = A y + B . w + C, started here.
A, B, C = 0.7, np.array([0.2, -0.4], np.float32), 0.1


def normal_log_density(x, loc, scale):
  return -0.5 * np.log(2.0 * np.pi) - np.log(scale) - 0.5 * (
      (x - loc) / scale) ** 2


def softplus(x):
  return np.log1p(np.exp(x))


class LinearEstimator(object):
  """r(y, w) = A y + B . w + C, remembering what each call saw."""

  def __init__(self, y, w):
    self.y, self.w = y, w
    self.calls = []

  def __call__(self, data, local_vars, global_vars):
    a = tf1.get_variable("a", initializer=tf.constant(A))
    b = tf1.get_variable("b", initializer=tf.constant(B))
    c = tf1.get_variable("c", initializer=tf.constant(C))
    output = a * data[self.y] + tf.reduce_sum(b * global_vars[self.w]) + c
    self.calls.append((data, local_vars, global_vars, output))
    return output


def regression(noise=1.0):
  """Edward's Bayesian linear regression, 4 points, 2 features."""
  X = tf1.placeholder(tf.float32, [4, 2])
  y_ph = tf1.placeholder(tf.float32, [4])
  w = Normal(loc=tf.zeros(2), scale=tf.ones(2))
  y = Normal(loc=ed.dot(X, w), scale=noise * tf.ones(4))
  qw_loc = tf1.Variable([0.3, -0.2], name="qw_loc")
  qw_scale = tf1.Variable([0.1, 0.2], name="qw_scale")
  qw = Normal(loc=qw_loc, scale=tf.nn.softplus(qw_scale))
  return X, y_ph, w, y, qw


@pytest.mark.parametrize("ratio_loss", ["log", "hinge"])
def test_objectives_are_numpys_at_one_draw(sess, ratio_loss):
  X, y_ph, w, y, qw = regression(noise=1e-4)
  estimator = LinearEstimator(y, w)
  inference = ed.ImplicitKLqp({w: qw}, data={y: y_ph},
                              discriminator=estimator, global_vars={w: qw})
  inference.initialize(ratio_loss=ratio_loss, scale={y: 5.0}, n_print=0)
  sess.run(tf1.global_variables_initializer())
  (p_data, _, p_globals, r_p), (q_data, _, q_globals, r_q) = estimator.calls
  # Both calls see the same draw of q(w); the data are what was fed.
  assert p_globals[w] is qw.value() and q_globals[w] is qw.value()
  assert q_data[y] is y_ph
  loss, loss_d, qw_value, y_p, r_p, r_q = sess.run(
      [inference.loss, inference.loss_d, qw.value(), p_data[y], r_p, r_q],
      {X: X_DATA, y_ph: Y_DATA})

  # p's draw of y is the model's copy reading q's draw of w.
  np.testing.assert_allclose(y_p, X_DATA @ qw_value, atol=1e-3)
  np.testing.assert_allclose(r_p, A * y_p + B @ qw_value + C, rtol=1e-5)
  np.testing.assert_allclose(r_q, A * Y_DATA + B @ qw_value + C, rtol=1e-5)
  log_p = normal_log_density(qw_value, 0.0, 1.0).sum()
  log_q = normal_log_density(qw_value, np.array([0.3, -0.2]),
                             softplus(np.array([0.1, 0.2]))).sum()
  assert loss == pytest.approx(-(log_p - log_q + 5.0 * r_q.sum()), rel=1e-5)
  if ratio_loss == "log":
    pointwise = np.log1p(np.exp(-r_p)) + np.log1p(np.exp(r_q))
  else:
    pointwise = np.maximum(1.0 - r_p, 0.0) + np.maximum(1.0 + r_q, 0.0)
  assert loss_d == pytest.approx(pointwise.mean(), rel=1e-5)


def test_a_ratio_loss_function_is_used_as_given(sess):
  X, y_ph, w, y, qw = regression()
  estimator = LinearEstimator(y, w)
  inference = ed.ImplicitKLqp({w: qw}, data={y: y_ph},
                              discriminator=estimator, global_vars={w: qw})
  inference.initialize(ratio_loss=lambda p, q: tf.square(p - q), n_print=0)
  sess.run(tf1.global_variables_initializer())
  r_p, r_q = estimator.calls[0][3], estimator.calls[1][3]
  loss_d, r_p, r_q = sess.run([inference.loss_d, r_p, r_q],
                              {X: X_DATA, y_ph: Y_DATA})
  assert loss_d == pytest.approx(np.mean((r_p - r_q) ** 2), rel=1e-5)


def test_several_scale_factors_take_a_dict_of_outputs(sess):
  w = Normal(loc=tf.zeros(2), scale=tf.ones(2))
  y1 = Normal(loc=tf.reduce_sum(w) * tf.ones(3), scale=tf.ones(3))
  y2 = Normal(loc=w, scale=tf.ones(2))
  qw = Normal(loc=tf1.Variable([0.5, 1.0]), scale=tf.ones(2))
  data = {y1: np.array([1.0, 2.0, 3.0], np.float32),
          y2: np.array([-1.0, 0.0], np.float32)}
  outputs = []

  def estimator(data, local_vars, global_vars):
    k = tf1.get_variable("k", initializer=tf.constant(0.5))
    found = {y1: k * data[y1], y2: k * data[y2] - global_vars[w]}
    outputs.append(found)
    return found

  inference = ed.ImplicitKLqp({w: qw}, data=data, discriminator=estimator,
                              global_vars={w: qw})
  inference.initialize(scale={y1: 2.0, y2: 3.0}, n_print=0)
  sess.run(tf1.global_variables_initializer())
  loss, loss_d, qw_value, r_p, r_q = sess.run(
      [inference.loss, inference.loss_d, qw.value(), outputs[0], outputs[1]])
  log_p = normal_log_density(qw_value, 0.0, 1.0).sum()
  log_q = normal_log_density(qw_value, np.array([0.5, 1.0]), 1.0).sum()
  scaled = 2.0 * r_q[y1].sum() + 3.0 * r_q[y2].sum()
  assert loss == pytest.approx(-(log_p - log_q + scaled), rel=1e-5)
  expected_d = sum(np.mean(np.log1p(np.exp(-r_p[key])) +
                           np.log1p(np.exp(r_q[key]))) for key in (y1, y2))
  assert loss_d == pytest.approx(expected_d, rel=1e-5)


def test_the_estimator_lives_under_disc_and_the_rest_is_trained(sess):
  X, y_ph, w, y, qw = regression()
  inference = ed.ImplicitKLqp({w: qw}, data={y: y_ph},
                              discriminator=LinearEstimator(y, w),
                              global_vars={w: qw})
  inference.initialize(n_print=0)
  assert inference.disc_scope == "Disc"
  assert sorted(v.name for _, v in inference.grads_and_vars_d) == [
      "Disc/a:0", "Disc/b:0", "Disc/c:0"]
  # Edward's default: every trainable variable outside "Disc".
  assert sorted(v.name for _, v in inference.grads_and_vars) == [
      "qw_loc:0", "qw_scale:0"]
  sess.run(tf1.global_variables_initializer())
  feeds = {X: X_DATA, y_ph: Y_DATA}
  disc_before, q_before = sess.run([tf1.trainable_variables("Disc"),
                                    [qw.loc, qw.scale]])
  assert inference.update(variables="Disc", feed_dict=feeds)["t"] == 1
  disc_after, q_after = sess.run([tf1.trainable_variables("Disc"),
                                  [qw.loc, qw.scale]])
  assert not np.allclose(disc_before[0], disc_after[0])
  np.testing.assert_array_equal(q_before[0], q_after[0])


def test_regularizers_are_split_by_the_estimators_scope(sess):
  X, y_ph, w, y, qw = regression()
  tf1.add_to_collection(tf1.GraphKeys.REGULARIZATION_LOSSES,
                        tf.constant(3.0, name="model_penalty"))

  def estimator(data, local_vars, global_vars):
    a = tf1.get_variable("a", initializer=tf.constant(A))
    tf1.add_to_collection(tf1.GraphKeys.REGULARIZATION_LOSSES,
                          tf.multiply(0.25, a, name="penalty"))
    return a * data[y] + tf.reduce_sum(global_vars[w])

  inference = ed.ImplicitKLqp({w: qw}, data={y: y_ph},
                            discriminator=estimator, global_vars={w: qw})
  inference.initialize(n_print=0)
  sess.run(tf1.global_variables_initializer())
  feeds = {X: X_DATA, y_ph: Y_DATA}
  # Each objective and itself before regularization, on one draw.
  loss, reg_free_loss, loss_d, reg_free_loss_d = sess.run(
      [inference.loss, inference.loss.op.inputs[0], inference.loss_d,
       inference.loss_d.op.inputs[0]], feeds)
  assert loss - reg_free_loss == pytest.approx(3.0, rel=1e-5)
  # The second call of the estimator (reusing "Disc") adds its penalty
  # again, under "Disc_1": both count as the estimator's, as in Edward.
  assert loss_d - reg_free_loss_d == pytest.approx(2 * 0.25 * A, rel=1e-5)


def test_local_latent_variables_are_drawn_from_p_given_qs_globals(sess):
  beta = Normal(loc=0.0, scale=1.0)
  z = Normal(loc=2.0 * beta * tf.ones(3), scale=1e-4)
  x = Normal(loc=z, scale=1e-4)
  qbeta = Normal(loc=tf1.Variable(1.5), scale=0.1)
  qz = Normal(loc=tf1.Variable(tf.zeros(3)), scale=1e-4)
  calls = []

  def estimator(data, local_vars, global_vars):
    k = tf1.get_variable("k", initializer=tf.constant(1.0))
    calls.append((data[x], local_vars[z], global_vars[beta]))
    return k * (data[x] - local_vars[z])

  inference = ed.ImplicitKLqp({beta: qbeta, z: qz},
                              data={x: np.full(3, 4.0, np.float32)},
                              discriminator=estimator,
                              global_vars={beta: qbeta})
  inference.initialize(n_print=0)
  sess.run(tf1.global_variables_initializer())
  (x_p, z_p, beta_p), (x_q, z_q, beta_q) = calls
  values = sess.run({"x_p": x_p, "z_p": z_p, "beta": beta_p, "z_q": z_q,
                     "x_q": x_q})
  # z' ~ p(z | beta'), x' ~ p(x | z') with q's beta'; q's side is the data
  # and q's own z. (Edward drew x' given q's z, 0 here, beside p's z'.)
  np.testing.assert_allclose(values["z_p"], 2.0 * values["beta"] * np.ones(3),
                             atol=1e-3)
  np.testing.assert_allclose(values["x_p"], values["z_p"], atol=1e-3)
  np.testing.assert_allclose(values["x_q"], np.full(3, 4.0))
  np.testing.assert_allclose(values["z_q"], np.zeros(3), atol=1e-3)
  assert beta_p is beta_q is qbeta.value()


def test_local_latent_tensors_are_taken(sess):
  # Edward called .value() on every local latent variable and its copy,
  # and so failed on the tensors its page allows.
  beta = Normal(loc=0.0, scale=1.0)
  z = 3.0 * beta + tf.zeros(2)
  qz = tf1.Variable([1.0, 2.0]) * 1.0
  qbeta = Normal(loc=tf1.Variable(0.5), scale=0.1)
  calls = []

  def estimator(data, local_vars, global_vars):
    k = tf1.get_variable("k", initializer=tf.constant(1.0))
    calls.append((local_vars[z], global_vars[beta]))
    return k * local_vars[z]

  inference = ed.ImplicitKLqp({beta: qbeta, z: qz}, discriminator=estimator,
                              global_vars={beta: qbeta})
  inference.initialize(n_print=0)
  sess.run(tf1.global_variables_initializer())
  (z_p, beta_p), (z_q, _) = calls
  z_p_value, beta_value, z_q_value = sess.run([z_p, beta_p, z_q])
  np.testing.assert_allclose(z_p_value, [3.0 * beta_value] * 2, rtol=1e-5)
  np.testing.assert_allclose(z_q_value, [1.0, 2.0])


def test_edwards_normal_example_learns_the_mean():
  # Edward's tests/inferences/test_implicitklqp.py: with the optimal ratio
  # estimator r(z) = log p(z) (plus a variable), q's mean goes to p's, 5.
  graph = tf1.Graph()
  with graph.as_default(), tf1.Session(graph=graph) as session:
    ed.set_seed(47324)

    def ratio_estimator(data, local_vars, global_vars):
      w = tf1.get_variable("w", [])
      return z.log_prob(local_vars[z]) + w

    z = Normal(loc=5.0, scale=1.0)
    qz = Normal(loc=tf1.Variable(tf1.random_normal([])),
                scale=tf.nn.softplus(tf1.Variable(tf1.random_normal([]))))
    inference = ed.ImplicitKLqp({z: qz}, discriminator=ratio_estimator)
    inference.run(n_iter=200, n_print=0)
    assert session.run(qz.mean()) == pytest.approx(5.0, abs=1.0)


def test_edwards_ratio_losses_are_importable_where_they_were(sess):
  p = tf.constant([0.0, 2.0])
  q = tf.constant([-1.0, 0.5])
  log_value, hinge_value = sess.run([implicit_klqp.log_loss(p, q),
                                     implicit_klqp.hinge_loss(p, q)])
  np.testing.assert_allclose(
      log_value, np.log1p(np.exp([-0.0, -2.0])) + np.log1p(np.exp([-1.0, 0.5])),
      rtol=1e-6)
  np.testing.assert_allclose(hinge_value, [1.0 + 0.0, 0.0 + 1.5])


def _estimator(data, local_vars, global_vars):
  return tf1.get_variable("k", []) * tf.add_n(
      [tf.reduce_sum(draw) for draw in local_vars.values()])


def test_bad_constructor_arguments_are_named(sess):
  z = Normal(0.0, 1.0)
  qz = Normal(tf1.Variable(0.0), 1.0)
  with pytest.raises(TypeError,
                     match=r"^discriminator must be a callable function\.$"):
    ed.ImplicitKLqp({z: qz})
  with pytest.raises(TypeError, match=r"^global_vars must have type dict\.$"):
    ed.ImplicitKLqp({z: qz}, discriminator=_estimator, global_vars=[z])
  with pytest.raises(TypeError, match=r"Key-value pair in global_vars does "
                     r"not have same shape"):
    ed.ImplicitKLqp({z: qz}, discriminator=_estimator,
                    global_vars={z: Normal(tf.zeros(2), 1.0)})
  with pytest.raises(TypeError, match=r"^global_vars must bind random "
                     r"variables to random variables"):
    ed.ImplicitKLqp({z: qz}, discriminator=_estimator,
                    global_vars={z.value(): qz})
  with pytest.raises(TypeError, match=r"^latent_vars must have type dict\.$"):
    ed.ImplicitKLqp([z], discriminator=_estimator)


def test_bad_ratio_losses_are_named(sess):
  z = Normal(0.0, 1.0)
  qz = Normal(tf1.Variable(0.0), 1.0)
  inference = ed.ImplicitKLqp({z: qz}, discriminator=_estimator)
  with pytest.raises(ValueError, match=r"^Ratio loss not found: 'square'"):
    inference.initialize(ratio_loss="square")
  with pytest.raises(TypeError, match=r"^ratio_loss must be 'log', 'hinge' "
                     r"or a function; got 3\.$"):
    inference.initialize(ratio_loss=3)
  with pytest.raises(ValueError, match=r"^strategy: ImplicitKLqp trains on "
                     r"one device"):
    inference.initialize(strategy=object())
  # Nothing was left behind: a correct call builds "Disc" itself.
  inference.initialize(n_print=0)
  assert inference.disc_scope == "Disc"


def test_outputs_that_do_not_fit_scale_are_refused(sess):
  w = Normal(loc=tf.zeros(2), scale=tf.ones(2))
  y1 = Normal(loc=tf.reduce_sum(w) * tf.ones(3), scale=tf.ones(3))
  y2 = Normal(loc=w, scale=tf.ones(2))
  qw = Normal(loc=tf1.Variable([0.5, 1.0]), scale=tf.ones(2))
  data = {y1: np.zeros(3, np.float32), y2: np.zeros(2, np.float32)}

  def tensor_estimator(data, local_vars, global_vars):
    return tf1.get_variable("k", []) * tf.reduce_sum(data[y1])

  inference = ed.ImplicitKLqp({w: qw}, data=data,
                              discriminator=tensor_estimator,
                              global_vars={w: qw})
  with pytest.raises(TypeError, match=r"^discriminator must return a dict "
                     r"with the keys of scale"):
    inference.initialize(scale={y1: 2.0, y2: 3.0}, n_print=0)

  def dict_estimator(data, local_vars, global_vars):
    k = tf1.get_variable("k", [])
    return {y1: k * data[y1]}

  inference = ed.ImplicitKLqp({w: qw}, data=data,
                              discriminator=dict_estimator,
                              global_vars={w: qw})
  with pytest.raises(TypeError, match=r"^discriminator returned a dict, but "
                     r"scale has 1 item"):
    inference.initialize(scale={y1: 2.0}, n_print=0)
