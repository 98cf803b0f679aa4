import { useEffect, useRef, type Dispatch } from 'react';
import type { EditorAction } from './editor-store';
import type { DatasetOption, PipelineFlowNode } from './editor-types';
import { findDataset } from './graph-analysis';
import { fetchDatasetSchema } from './graphql-client';

const keyOf = (ref: DatasetOption['ref']) => (ref.source === 'sample' ? `sample:${ref.name}` : `upload:${ref.datasetVersionId}`);

/**
 * The page carries schemas only for datasets the saved graph reads; when a node is pointed at another
 * one, fetch its schema once so edit-time schema propagation sees its columns.
 */
export function useDatasetSchemas(nodes: PipelineFlowNode[], datasets: DatasetOption[], dispatch: Dispatch<EditorAction>) {
  const requested = useRef(new Set<string>());
  useEffect(() => {
    for (const node of nodes) {
      const option = findDataset(datasets, node.data.params.dataset);
      if (!option || option.schema) continue;
      const key = keyOf(option.ref);
      if (requested.current.has(key)) continue;
      requested.current.add(key);
      fetchDatasetSchema(option.ref).then(
        (schema) => {
          if (schema) dispatch({ type: 'datasetSchemaLoaded', ref: option.ref, schema });
        },
        () => requested.current.delete(key), // let a later edit retry
      );
    }
  }, [nodes, datasets, dispatch]);
}
