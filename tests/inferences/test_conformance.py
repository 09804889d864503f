"""Edward 1.3.5, method by method: what it did, and the test holding us to it.

Written from Edward's source at the 1.3.5 tag (edward/inferences/
inference.py, variational_inference.py, gan_inference.py,
bigan_inference.py, wgan_inference.py, implicit_klqp.py, and the
edward/util functions
edward_lite exports), for issue 19's conformance pass. Each row is
(method, behaviour, Edward 1.3.5, edward_lite, test). "same" means
edward_lite does what the Edward column says; any other entry is a
difference, and docs/differences.md must list it with the same test.
Tests are named as "file under tests/::function".

The tests below hold the table itself: every public method of the six
classes and every function of `ed.util` has a row, every named test
exists, and every difference is on the page.
"""

import inspect
import os
import re

import pytest

import edward_lite as ed

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SAME = "same"

GAN = "inferences/test_gan_inference.py::"
BIGAN = "inferences/test_bigan_inference.py::"
WGAN = "inferences/test_wgan_inference.py::"
VI = "inferences/test_variational_inference.py::"
INF = "inferences/test_inference.py::"
UTIL = "util/test_random_variables.py::"
GRAPHS = "util/test_graphs.py::"
IKL = "inferences/test_implicit_klqp.py::"
COPY = "util/test_node_copy.py::"

TABLE = [
    # Inference --------------------------------------------------------------
    ("Inference.__init__", "checks",
     "check_latent_vars, then check_data, with their messages",
     SAME, GAN + "test_a_placeholder_bound_to_a_tensor_gets_edwards_type_error"),
    ("Inference.__init__", "Python and NumPy values in data",
     "stored in a non-trainable variable under a 'data' scope, fed once",
     SAME, GAN + "test_numpy_data_is_bound_as_a_graph_variable"),
    ("Inference.__init__", "session",
     "get_session() makes the default session",
     SAME, "inferences/test_session_use.py::"
     "test_constructor_makes_a_default_session_as_edward_did"),
    ("Inference.run", "steps",
     "initialize, run the initializer (data placeholders fed), queue "
     "runners, n_iter updates with print_progress, finalize",
     SAME, GAN + "test_run_initializes_and_loops_n_iter_times"),
    ("Inference.run", "use_coordinator",
     "starts and stops queue runners; any truthy value",
     "bool or int; other types refused",
     INF + "test_run_takes_an_integer_use_coordinator"),
    ("Inference.initialize", "n_print default", "int(n_iter / 100)",
     SAME, GAN + "test_n_print_defaults_to_a_hundredth_of_n_iter"),
    ("Inference.initialize", "debug",
     "the base class builds the numeric checks (tf.add_check_numerics_ops)",
     "built by the base class for a direct subclass, after the losses for "
     "the others", INF + "test_debug_works_on_a_direct_subclass"),
    ("Inference.initialize", "flags", "any value, used for its truth",
     "bool or int", INF + "test_edwards_flags_take_integers"),
    ("Inference.initialize", "logdir",
     "FileWriter under a UTC timestamp subdirectory; summaries of log_vars",
     SAME, GAN + "test_log_timestamp_false_writes_into_logdir_itself"),
    ("Inference.initialize", "auto_transform",
     "moves latent pairs of unequal support to an unconstrained space",
     "NotImplementedError for such a pair",
     VI + "test_auto_transform_of_unequal_supports_is_not_available"),
    ("Inference.update", "returns", "{'t': t}", SAME,
     INF + "test_debug_works_on_a_direct_subclass"),
    ("Inference.print_progress", "when", "at t == 1 and every n_print steps",
     SAME, GAN + "test_print_progress_shows_gen_and_disc_loss"),
    ("Inference.finalize", "writer", "closes the event writer when logging",
     SAME, GAN + "test_logdir_writes_edwards_summaries_at_the_printed_steps"),
    # VariationalInference ---------------------------------------------------
    ("VariationalInference.initialize", "var_list default",
     "trainable variables the latent variables and data depend on", SAME,
     VI + "test_default_var_list_follows_the_latent_variables"),
    ("VariationalInference.initialize", "use_prettytensor=True",
     "imports PrettyTensor", "ValueError",
     VI + "test_use_prettytensor_is_refused"),
    ("VariationalInference.initialize", "reset",
     "reset holds the counter's and the optimizer scope's initializers",
     SAME, VI + "test_reset_zeroes_the_counter_and_the_optimizer_state"),
    ("VariationalInference.initialize", "summaries",
     "loss, gradient/<var> histograms, gradient_norm/<var> scalars", SAME,
     VI + "test_logdir_logs_gradients_and_loss"),
    ("VariationalInference.update", "returns", "{'t', 'loss'}", SAME,
     VI + "test_gradient_descent_step_is_exact"),
    ("VariationalInference.print_progress", "values", "'Loss'", SAME,
     VI + "test_python_data_is_stored_in_a_variable_and_run_converges"),
    ("VariationalInference.build_loss_and_gradients", "abstract",
     "raises NotImplementedError; the class cannot be instantiated", SAME,
     VI + "test_abstract_classes_cannot_be_instantiated"),
    # GANInference -----------------------------------------------------------
    ("GANInference.__init__", "discriminator",
     "TypeError('discriminator must be a callable function.')", SAME,
     GAN + "test_discriminator_must_be_callable"),
    ("GANInference.__init__", "data with several pairs",
     "uses the first", "ValueError", GAN + "test_data_must_hold_one_pair"),
    ("GANInference.initialize", "optimizers",
     "names, or instances; default Adam on a new global_step, 0.1 decayed "
     "0.9 every 100 steps; a name without global_step runs at 0.01",
     SAME, "inferences/setup/test_optimizers.py::"
     "test_default_is_adam_on_a_new_global_step"),
    ("GANInference.initialize", "float global_step",
     "taken (exponential_decay, apply_gradients)", SAME,
     GAN + "test_a_float_global_step_decays_the_rate_and_counts"),
    ("GANInference.initialize", "summaries",
     "loss, loss/discriminative, discriminator_outputs", SAME,
     GAN + "test_logdir_writes_edwards_summaries_at_the_printed_steps"),
    ("GANInference.initialize", "var_list default",
     "every trainable variable outside 'Disc'",
     "the trainable variables the generated data depends on, 'Disc' aside",
     GAN + "test_default_var_list_is_the_generators_variables"),
    ("GANInference.build_loss_and_gradients", "objectives",
     "sigmoid cross-entropies, non-saturating generator loss", SAME,
     GAN + "test_losses_equal_edwards_formula"),
    ("GANInference.build_loss_and_gradients", "regularizers",
     "get_regularization_losses(scope='Disc') to the discriminator, every "
     "other one to the generator", SAME,
     GAN + "test_a_regularizer_of_the_discriminators_second_call_is_its_own"),
    ("GANInference.build_loss_and_gradients", "discriminator variables",
     "get_collection(TRAINABLE_VARIABLES, scope='Disc')", SAME,
     GAN + "test_disc_variables_are_selected_by_tensorflows_scope_rule"),
    ("GANInference.build_loss_and_gradients", "discriminator output shape",
     "any shape, averaged", SAME,
     GAN + "test_logits_of_every_shape_edward_took_train_with_its_losses"),
    ("GANInference.build_loss_and_gradients",
     "output of another batch size than the input's",
     "averaged silently", "averaged, with a UserWarning naming both shapes",
     GAN + "test_an_output_of_another_batch_size_trains_with_a_warning"),
    ("GANInference.build_loss_and_gradients", "scalar discriminator output",
     "taken", SAME,
     GAN + "test_a_scalar_discriminator_output_is_taken_as_edward_took_it"),
    ("GANInference.update", "variables", "None, 'Gen' or 'Disc'; the other "
     "side's loss is 0.0", SAME,
     GAN + "test_update_of_one_side_leaves_the_other_alone"),
    ("GANInference.update", "bad variables",
     "NotImplementedError(\"variables must be None, 'Gen', or 'Disc'.\")",
     SAME, GAN + "test_unknown_variables_is_not_implemented"),
    ("GANInference.update", "t", "counts every call; reset zeroes it", SAME,
     GAN + "test_t_counts_every_call_and_reset_zeroes_it"),
    ("GANInference.update", "feed_dict", "data's placeholders added to it",
     "left as it was", GAN + "test_feed_dict_given_by_the_user_is_not_modified"),
    ("GANInference.print_progress", "values", "'Gen Loss' and 'Disc Loss'",
     SAME, GAN + "test_print_progress_shows_gen_and_disc_loss"),
    ("GANInference.disc_scope", "attribute", "none (always 'Disc')",
     "the discriminator's scope, 'Disc' or 'Disc_1', ... for a later one",
     "reliability/test_multiple_inferences.py::"
     "test_a_gan_then_a_bigan_get_disc_and_disc_1"),
    # BiGANInference ---------------------------------------------------------
    ("BiGANInference.__init__", "dictionaries",
     "latent_vars {z: E(x)}, data {G(z): x}, Edward's checks", SAME,
     BIGAN + "test_seed_page_example_runs_with_placeholders"),
    ("BiGANInference.__init__", "reversed latent_vars",
     "taken as written", "turned round with a UserWarning",
     BIGAN + "test_a_reversed_latent_dict_is_turned_round_with_a_warning"),
    ("BiGANInference.initialize", "var_list", "ignored", "honoured",
     BIGAN + "test_an_explicit_var_list_is_honoured"),
    ("BiGANInference.build_loss_and_gradients", "discriminator output shape",
     "any shape, averaged", SAME,
     BIGAN + "test_logits_of_every_shape_edward_took_train_with_its_losses"),
    ("BiGANInference.build_loss_and_gradients", "objectives",
     "the discriminator labels (G(z), z) 1 and (x, E(x)) 0", SAME,
     BIGAN + "test_losses_equal_edwards_formula"),
    ("BiGANInference.build_loss_and_gradients", "generator's variables",
     "get_collection(TRAINABLE_VARIABLES, scope='Gen')", SAME,
     BIGAN + "test_gen_variables_are_selected_by_tensorflows_scope_rule"),
    ("BiGANInference.build_loss_and_gradients", "regularizers",
     "get_regularization_losses(scope='Gen') and (scope='Disc')", SAME,
     BIGAN + "test_a_regularizer_of_a_second_gen_block_is_in_the_objective"),
    ("BiGANInference.build_loss_and_gradients", "outer scopes",
     "'Gen' and 'Disc' matched from the top of the graph",
     "the full names where the inference is built",
     BIGAN + "test_two_bigans_in_outer_scopes_keep_their_own_variables"),
    # WGANInference ----------------------------------------------------------
    ("WGANInference.initialize", "defaults", "penalty=10.0, clip=None",
     SAME, WGAN + "test_default_penalty_is_ten"),
    ("WGANInference.initialize", "clip_op",
     "the list of clipping assignments alone", SAME,
     WGAN + "test_clip_op_only_clips"),
    ("WGANInference.initialize", "clip=0", "clips every weight to 0", SAME,
     WGAN + "test_clip_zero_clips_every_critic_weight_to_zero"),
    ("WGANInference.initialize", "tensor penalty and clip", "taken", SAME,
     WGAN + "test_penalty_and_clip_given_as_tensors"),
    ("WGANInference.initialize", "negative penalty or clip", "taken",
     "ValueError", WGAN + "test_bad_penalty_or_clip"),
    ("WGANInference.build_loss_and_gradients", "objectives",
     "mean(d_fake) - mean(d_true) + penalty; -mean(d_fake)", SAME,
     WGAN + "test_losses_with_and_without_penalty"),
    ("WGANInference.build_loss_and_gradients", "interpolation",
     "one weight per example", SAME,
     "inferences/adversarial/test_losses.py::"
     "test_gradient_penalty_interpolates_once_per_example"),
    ("WGANInference.build_loss_and_gradients", "slopes at 0",
     "sqrt of the squared norm: NaN gradient", "floored, finite",
     "inferences/adversarial/test_losses.py::"
     "test_gradient_penalty_is_finite_where_the_critic_is_flat"),
    ("WGANInference.build_loss_and_gradients", "summaries",
     "loss, loss/discriminative", "also discriminator_outputs",
     "docs/test_differences.py::"
     "test_every_summary_edward_did_not_write_is_listed"),
    # ImplicitKLqp -----------------------------------------------------------
    ("ImplicitKLqp.__init__", "checks",
     "discriminator callable (TypeError), global_vars by check_latent_vars, "
     "then Inference's checks", "global_vars' messages name global_vars; "
     "random variables only there",
     IKL + "test_bad_constructor_arguments_are_named"),
    ("ImplicitKLqp.initialize", "ratio_loss",
     "'log', 'hinge' or a function; ValueError with a tuple otherwise",
     "the same losses; a readable ValueError, TypeError for other types",
     IKL + "test_bad_ratio_losses_are_named"),
    ("ImplicitKLqp.build_loss_and_gradients", "objectives",
     "-(log p(b) - log q(b) + sum(scale r_q)); mean(ratio_loss(r_p, r_q))",
     SAME, IKL + "test_objectives_are_numpys_at_one_draw"),
    ("ImplicitKLqp.build_loss_and_gradients", "several scale factors",
     "dict outputs, summed over scale's keys", SAME,
     IKL + "test_several_scale_factors_take_a_dict_of_outputs"),
    ("ImplicitKLqp.build_loss_and_gradients", "model draws of x",
     "given q's draws of the local variables", "given p's z'",
     IKL + "test_local_latent_variables_are_drawn_from_p_given_qs_globals"),
    ("ImplicitKLqp.build_loss_and_gradients", "local latent tensors",
     "AttributeError (.value())", "taken as their draws",
     IKL + "test_local_latent_tensors_are_taken"),
    ("ImplicitKLqp.build_loss_and_gradients", "scopes and var_list",
     "estimator under 'Disc'; every other trainable variable", SAME,
     IKL + "test_the_estimator_lives_under_disc_and_the_rest_is_trained"),
    ("ImplicitKLqp.build_loss_and_gradients", "regularizers",
     "'Disc' ones to the estimator, the rest to the objective", SAME,
     IKL + "test_regularizers_are_split_by_the_estimators_scope"),
    # ed.util ----------------------------------------------------------------
    ("util.copy", "swaps", "every ancestor op copied, swaps read, "
     "variables and placeholders shared", SAME,
     COPY + "test_a_swapped_tensor_is_read_by_the_copy"),
    ("util.copy", "random ops", "a new op-level seed", SAME,
     COPY + "test_a_copied_random_op_draws_anew_and_repeatably"),
    ("util.copy", "deep graphs", "RecursionError", "iterative",
     COPY + "test_a_deep_chain_is_copied_without_recursion"),
    ("util.dot", "product", "matrix-vector or vector-matrix, finite checks",
     SAME, "util/test_tensor_ops.py::test_matrix_times_vector_is_numpys"),
    ("util.dot", "other ranks", "failed inside tf.matmul",
     "ValueError naming the ranks", "util/test_tensor_ops.py::"
     "test_ranks_other_than_a_matrix_and_a_vector_are_refused"),
    ("util.Progbar", "bar", "n/target [pct%] bar, ETA, values", "ETA from "
     "the first update, integer percentages",
     "util/test_progbar.py::"
     "test_the_first_lines_eta_is_not_the_start_up_spread_over_the_run"),
    ("util.check_data", "messages", "Edward's TypeErrors", SAME,
     UTIL + "test_check_data_rejects_graph_values_for_a_placeholder"),
    ("util.check_latent_vars", "messages", "Edward's TypeErrors", SAME,
     UTIL + "test_check_latent_vars_rejects_invalid_pairs"),
    ("util.get_ancestors", "walk", "random variables up the graph", SAME,
     UTIL + "test_graph_walks_on_edwards_example"),
    ("util.get_blanket", "walk", "parents, children, co-parents", SAME,
     UTIL + "test_graph_walks_on_edwards_example"),
    ("util.get_children", "walk", "random variables down the graph",
     "from any tensor", UTIL + "test_graph_walks_from_a_plain_tensor"),
    ("util.get_descendants", "walk", "random variables down the graph",
     "from any tensor", UTIL + "test_graph_walks_from_a_plain_tensor"),
    ("util.get_parents", "walk", "random variables up one step", SAME,
     UTIL + "test_graph_walks_on_edwards_example"),
    ("util.get_siblings", "walk", "children of the parents", SAME,
     UTIL + "test_get_siblings_shares_a_parent"),
    ("util.get_variables", "walk", "tf.Variables a node depends on", SAME,
     UTIL + "test_get_variables_finds_the_variables_behind_a_random_variable"),
    ("util.get_session", "session", "one global InteractiveSession; Keras "
     "set_session", "the default graph's session; Keras untouched",
     GRAPHS + "test_get_session_never_calls_keras_set_session"),
    ("util.random_variables", "list", "the graph's random variables, in "
     "order", SAME,
     GRAPHS + "test_random_variables_lists_the_default_graphs_in_order"),
    ("util.set_seed", "seeds", "NumPy and the graph; RuntimeError once the "
     "graph has ops", "also Python's random",
     GRAPHS + "test_set_seed_seeds_numpy_python_and_the_graph"),
]

CLASSES = [ed.Inference, ed.VariationalInference, ed.GANInference,
           ed.BiGANInference, ed.WGANInference, ed.ImplicitKLqp]


def public_members(cls):
  """The public methods and properties `cls` defines, and `__init__`."""
  return sorted(name for name, value in vars(cls).items()
                if (name == "__init__" or not name.startswith("_")) and
                (inspect.isfunction(value) or isinstance(value, property)))


def test_every_public_method_of_the_six_classes_has_a_row():
  covered = {row[0] for row in TABLE}
  for cls in CLASSES:
    for name in public_members(cls):
      assert "{}.{}".format(cls.__name__, name) in covered, (cls, name)


def test_every_util_function_has_a_row():
  covered = {row[0] for row in TABLE}
  for name in ed.util.__all__:
    assert "util." + name in covered, name


@pytest.mark.parametrize("row", TABLE, ids=["{}: {}".format(r[0], r[1])
                                            for r in TABLE])
def test_the_named_test_exists(row):
  path, _, function = row[4].partition("::")
  with open(os.path.join(ROOT, "tests", path), encoding="utf-8") as handle:
    assert re.search(r"^def {}\(".format(function), handle.read(), re.M), row


def test_every_difference_is_on_the_differences_page():
  with open(os.path.join(ROOT, "docs", "differences.md"),
            encoding="utf-8") as handle:
    page = handle.read()
  for method, behaviour, _, ours, test in TABLE:
    if ours != SAME:
      assert test.partition("::")[2] in page, (method, behaviour)
